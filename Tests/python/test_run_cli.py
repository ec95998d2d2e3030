"""`ponder run`, `ponder run export` and `ponder grade` end to end, as a user runs them."""
import csv
import io
import json
import os
import sqlite3
import subprocess

from conftest import PONDER, ROOT

EXAMPLE = os.path.join(ROOT, "Examples", "problems", "sim-mixed-100.jsonl")


def ponder(*args, input=None):
    return subprocess.run([PONDER, *args], cwd=ROOT, capture_output=True, text=True, input=input, timeout=300)


def test_run_on_the_embedded_sim_then_export(tmp_path):
    out = str(tmp_path / "x.sqlite")
    run = ponder("run", "--sim", "--dataset", EXAMPLE, "--strategy", "best-of-4", "--limit", "20", "--out", out)
    assert run.returncode == 0, run.stderr
    assert "results    20 of 20" in run.stdout and "accuracy" in run.stdout and "wall time" in run.stdout
    assert "progress 20/20" in run.stderr  # not a terminal: log lines, not a bar

    exported = ponder("run", "export", out, "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(lines) == 20
    assert {line["strategy"] for line in lines} == {"best-of-4"}
    assert {line["run"] for line in lines} == {"0"}
    assert all(line["score"] in (0, 1) and line["tokens"] > 0 and line["latency_ms"] >= 0 for line in lines)
    with open(EXAMPLE) as file:
        first_ids = [json.loads(line)["id"] for line in file][:20]
    assert [line["problem_id"] for line in lines] == first_ids

    csv_path = str(tmp_path / "x.csv")
    assert ponder("run", "export", out, "--format", "csv", "--out", csv_path).returncode == 0
    with open(csv_path, newline="") as file:
        table = list(csv.DictReader(file))
    assert len(table) == 20 and list(table[0].keys()) == ["strategy", "problem_id", "task", "run", "score", "tokens", "latency_ms", "answer"]
    assert sum(int(row["score"]) for row in table) == sum(line["score"] for line in lines)

    # Running again into the same store needs --resume; resuming with another preset is refused.
    again = ponder("run", "--sim", "--dataset", EXAMPLE, "--strategy", "best-of-4", "--limit", "20", "--out", out)
    assert again.returncode == 1 and "--resume" in again.stderr
    other = ponder("run", "--sim", "--dataset", EXAMPLE, "--strategy", "single", "--limit", "20", "--out", out, "--resume")
    assert other.returncode == 1 and "preset: the store has 'best-of-4', this run asks for 'single'" in other.stderr


def test_bad_rows_are_named_and_can_be_skipped(tmp_path):
    dataset = tmp_path / "mixed.csv"
    dataset.write_text('id,question,answer\nok1,"Start with 3. Add 4. What is the result?",7\nbad,"Start with 1. What is the result?",\n'
                       'ok2,"Start with 2. Multiply the result by 5. What is the result?",10\n')
    out = str(tmp_path / "r.sqlite")
    stopped = ponder("run", "--sim", "--dataset", str(dataset), "--strategy", "single", "--out", out)
    assert stopped.returncode == 1
    assert "mixed.csv:3: field 'answer': missing" in stopped.stderr and "--skip-bad-rows" in stopped.stderr
    skipped = ponder("run", "--sim", "--dataset", str(dataset), "--strategy", "single", "--out", out, "--skip-bad-rows", "--json")
    assert skipped.returncode == 0, skipped.stderr
    summary = json.loads(skipped.stdout)
    assert summary["recorded"] == 2 and summary["requested"] == 2
    assert "skipping 1 bad row" in skipped.stderr


def test_a_foreign_sqlite_file_is_left_alone(tmp_path):
    foreign = str(tmp_path / "mine.sqlite")
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    run = ponder("run", "--sim", "--dataset", EXAMPLE, "--strategy", "single", "--limit", "2", "--out", foreign)
    assert run.returncode == 1 and "not a Ponder run store" in run.stderr
    assert ponder("run", "export", str(tmp_path / "missing.sqlite")).returncode == 1


def test_grade_prints_canonical_forms(tmp_path):
    pairs = '{"gold": "\\\\frac{1}{2}", "prediction": "0.5"}\n{"gold": "x = 3", "prediction": "4", "id": "b"}\n'
    graded = ponder("grade", "--input", "-", input=pairs)
    assert graded.returncode == 0, graded.stderr
    rows = [json.loads(line) for line in graded.stdout.splitlines()]
    assert rows == [
        {"equivalent": True, "gold_canonical": "1/2", "prediction_canonical": "1/2"},
        {"id": "b", "equivalent": False, "gold_canonical": "3", "prediction_canonical": "4"},
    ]
    numeric = ponder("grade", "--input", "-", "--grader", "numeric:0.01", input='{"gold": 3.14, "prediction": "3.1416"}\n')
    assert json.loads(numeric.stdout)["equivalent"] is True
    bad = ponder("grade", "--input", "-", input='{"gold": "1", "prediction": "1"}\n{"prediction": "2"}\n')
    assert bad.returncode == 1 and ":2: field 'gold': missing" in bad.stderr


def test_command_grader_and_per_row_graders_in_a_run(tmp_path):
    def correct_by_id(store):
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT problem_id, correct FROM result"))

    exact = str(tmp_path / "exact.sqlite")
    command = str(tmp_path / "command.sqlite")
    common = ["run", "--sim", "--dataset", EXAMPLE, "--strategy", "single", "--limit", "12"]
    assert ponder(*common, "--grader", "exact", "--out", exact).returncode == 0
    graded = ponder(*common, "--grader", 'command:test "$PONDER_PREDICTION" = "$PONDER_GOLD"', "--out", command)
    assert graded.returncode == 0, graded.stderr
    assert correct_by_id(command) == correct_by_id(exact)
    assert len(correct_by_id(exact)) == 12

    # A row may choose its own grader: a pattern that accepts any whole number marks every answer right.
    dataset = tmp_path / "rows.jsonl"
    with open(EXAMPLE) as file:
        rows = [json.loads(line) for line in file][:3]
    rows[0]["answer"], rows[0]["grader"] = "-?[0-9]+", "regex"
    dataset.write_text("".join(json.dumps(row) + "\n" for row in rows))
    store = str(tmp_path / "rows.sqlite")
    run = ponder("run", "--sim", "--dataset", str(dataset), "--strategy", "single", "--out", store)
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        graders = dict(db.execute("SELECT problem_id, grader FROM result"))
        first = db.execute("SELECT correct FROM result WHERE problem_id = ?", (rows[0]["id"],)).fetchone()[0]
    assert graders[rows[0]["id"]] == "regex" and graders[rows[1]["id"]] == "math"
    assert first == 1
