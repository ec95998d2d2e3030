"""The acceptance path of batch runs: two presets over the same sim problems with `ponder run`, then
`ponder compare --json --html` over the two run stores."""
import json
import os
import subprocess
import xml.etree.ElementTree as ElementTree

from conftest import PONDER, ROOT

EXAMPLE = os.path.join(ROOT, "Examples", "problems", "sim-mixed-100.jsonl")
SVG = "{http://www.w3.org/2000/svg}"
PRESETS = ["single", "self-consistency"]


def ponder(*args):
    return subprocess.run([PONDER, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_two_presets_run_then_compare(tmp_path):
    stores = []
    for preset in PRESETS:
        store = str(tmp_path / f"{preset}.sqlite")
        run = ponder("run", "--sim", "--dataset", EXAMPLE, "--strategy", preset, "--limit", "24", "--seeds", "2", "--out", store)
        assert run.returncode == 0, run.stderr
        stores.append(store)
    html_path = tmp_path / "report.html"
    result = ponder("compare", *stores, "--json", "--html", str(html_path), "--reps", "400", "--seed", "1")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    assert report["order"] == PRESETS
    for preset in PRESETS:
        summary = report["strategies"][preset]
        assert summary["count"] == 48 and summary["runs"] == 2
        low, high = summary["wilson95"]
        assert low <= summary["mean"] <= high
        assert summary["mean_tokens"] > 0
        for key in ("mean", "iqm", "median", "optimality_gap"):
            assert len(summary["ci95"][key]) == 2
    (pair,) = report["pairs"]
    assert (pair["a"], pair["b"], pair["count"]) == ("single", "self-consistency", 48)
    assert pair["mcnemar_p"] is not None and 0 <= pair["holm_p"] <= 1
    assert report["settings"]["reps"] == 400
    # Self-consistency stores all its samples, so pass@k and maj@k are there for k above 1.
    assert any(entry["strategy"] == "self-consistency" and entry["k"] > 1 for entry in report["samples"])

    html = html_path.read_text(encoding="utf-8")
    root = ElementTree.fromstring(html[html.index("<html"):])  # strict XML: raises if not well-formed
    plots = [svg for svg in root.iter(SVG + "svg") if "plot" in (svg.get("class") or "").split()]
    assert len(plots) >= 5
    for svg in plots:
        if svg.get("data-plot") == "improvement":
            continue
        series = [g.get("data-strategy") for g in svg.iter(SVG + "g") if "series" in (g.get("class") or "").split()]
        assert series == PRESETS, svg.get("data-plot")
