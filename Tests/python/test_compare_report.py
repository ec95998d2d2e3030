"""`ponder compare` end to end on interchange JSONL: the JSON, CSV and HTML outputs, read the way users'
tools read them (json, csv, an XML parser and Python's HTML parser)."""
import csv
import json
import os
import random
import subprocess
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest

from conftest import PONDER, ROOT

STRATEGIES = ["best-of-4", "beam <prm> & \"q\"", "mcts-q"]
SVG = "{http://www.w3.org/2000/svg}"


def write_rows(path):
    """Three strategies on 60 problems × 2 runs, 0/1 scores with different accuracies and costs."""
    rng = random.Random(5)
    with open(path, "w", encoding="utf-8") as out:
        for index, (strategy, accuracy, tokens) in enumerate(zip(STRATEGIES, [0.6, 0.75, 0.7], [900, 4000, 12000])):
            for problem in range(60):
                for run in range(2):
                    row = {"strategy": strategy, "problem_id": f"p{problem}", "run": run, "score": int(rng.random() < accuracy),
                           "tokens": tokens * (0.5 + rng.random())}
                    out.write(json.dumps(row) + "\n")
            out.write("\n")  # blank lines are skipped


def compare(args):
    return subprocess.run([PONDER, "compare"] + args, capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    rows = folder / "results.jsonl"
    write_rows(rows)
    result = compare(["--input", str(rows), "--json", "--html", str(folder / "report.html"), "--csv", str(folder / "csv"),
                      "--reps", "500", "--seed", "3", "--at-tokens", "1000,8000"])
    assert result.returncode == 0, result.stderr
    return {"json": json.loads(result.stdout), "html": (folder / "report.html").read_text(encoding="utf-8"), "csv": folder / "csv"}


class HTMLChecker(HTMLParser):
    """Collects what an HTML5 tokenizer sees: tags, and anything that would load from elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.external = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") or (value and ("http:" in value or "https:" in value) and name != "xmlns"):
                self.external.append((tag, name, value))


def test_json_has_the_stable_keys(outputs):
    report = outputs["json"]
    assert report["order"] == STRATEGIES
    assert set(report) >= {"order", "strategies", "pairs", "rankings", "profiles", "frontier", "settings", "tasks", "binary"}
    assert report["settings"]["reps"] == 500 and report["settings"]["seed"] == 3
    assert len(report["pairs"]) == 3
    assert [reading["tokens"] for reading in report["frontier"]["at_tokens"]] == [1000, 8000]


def test_html_is_well_formed_and_has_one_series_per_strategy(outputs):
    html = outputs["html"]
    root = ElementTree.fromstring(html[html.index("<html"):])  # strict XML: raises if not well-formed
    plots = {svg.get("data-plot"): svg for svg in root.iter(SVG + "svg") if "plot" in (svg.get("class") or "").split()}
    assert set(plots) == {"interval-mean", "interval-median", "interval-iqm", "interval-optimality-gap", "improvement", "profiles", "frontier"}
    for name, svg in plots.items():
        series = [g for g in svg.iter(SVG + "g") if "series" in (g.get("class") or "").split()]
        if name == "improvement":
            assert len(series) == 3
        else:
            assert [g.get("data-strategy") for g in series] == STRATEGIES, name

    checker = HTMLChecker()
    checker.feed(html)
    checker.close()
    assert "script" not in checker.tags
    assert checker.external == []


def test_csv_tables_read_back(outputs):
    folder = outputs["csv"]
    assert sorted(os.listdir(folder)) == sorted(["strategies.csv", "pairs.csv", "rankings.csv", "profiles.csv", "frontier.csv", "at_tokens.csv"])
    with open(folder / "strategies.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["strategy"] for row in rows] == STRATEGIES
    for row in rows:
        assert float(row["mean_low"]) <= float(row["mean"]) <= float(row["mean_high"])


def test_terminal_table_is_the_default(tmp_path):
    rows = tmp_path / "results.jsonl"
    write_rows(rows)
    result = compare(["--input", str(rows), "--reps", "200"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Strategies\n")
    assert "Paired comparisons" in result.stdout


def test_a_bad_row_names_its_file_and_line(tmp_path):
    rows = tmp_path / "bad.jsonl"
    rows.write_text('{"strategy": "a", "problem_id": "p1", "score": 1}\n{"strategy": "a", "problem_id": "p2"}\n', encoding="utf-8")
    result = subprocess.run([PONDER, "compare", "--input", str(rows)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert f'{rows}:2: missing "score"' in result.stderr
