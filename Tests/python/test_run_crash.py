"""`ponder run` survives `kill -9`: every committed row stays, none is duplicated, and `--resume`
finishes with exactly the rows an uninterrupted run with the same seeds produces."""
import os
import random
import signal
import sqlite3
import subprocess
import time

from conftest import PONDER, ROOT, all_stop, interrupt

PROBLEMS = 16
SEEDS = 2


def make_dataset(folder):
    path = os.path.join(folder, "problems.jsonl")
    subprocess.run([PONDER, "sim", "problems", "--count", str(PROBLEMS), "--seed", "5", "--out", path], check=True, cwd=ROOT)
    return path


def run_args(dataset, out, *extra):
    return [PONDER, "run", "--sim", "--dataset", dataset, "--strategy", "best-of-4", "--seeds", str(SEEDS),
            "--concurrency", "4", "--out", out, "--progress", "log", "--progress-interval", "1", *extra]


def rows(path):
    """Per (problem, seed): the answer, the grade, tokens by kind, and every candidate's answer and grade."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        results = db.execute(
            "SELECT id, problem_id, seed, answer, correct, prompt_tokens, completion_tokens, calls FROM result").fetchall()
        table = {}
        for result_id, problem, seed, answer, correct, prompt, completion, calls in results:
            candidates = db.execute(
                "SELECT answer_canonical, correct FROM candidate WHERE result_id = ? ORDER BY rank", (result_id,)).fetchall()
            assert (problem, seed) not in table, f"duplicate row {(problem, seed)}"
            table[(problem, seed)] = (answer, correct, prompt, completion, calls, tuple(candidates))
        return table


def count(path):
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM result").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the store is not created yet


def test_kill_9_mid_run_then_resume_matches_an_uninterrupted_run(tmp_path):
    dataset = make_dataset(str(tmp_path))
    reference = str(tmp_path / "reference.sqlite")
    subprocess.run(run_args(dataset, reference), check=True, cwd=ROOT, capture_output=True, timeout=300)
    expected = rows(reference)
    assert len(expected) == PROBLEMS * SEEDS

    crashed = str(tmp_path / "crashed.sqlite")
    # A slow sim (decode at 150 tokens/s per request) keeps the run going for a while.
    process = subprocess.Popen(run_args(dataset, crashed, "--sim-tokens-per-second", "150"), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while count(crashed) < 5:
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.time() < deadline, "no rows were committed in time"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    before = rows(crashed)
    assert 5 <= len(before) < PROBLEMS * SEEDS, "the kill should land mid-run"
    for key, row in before.items():
        assert row == expected[key], f"a row committed before the kill differs: {key}"

    resumed = subprocess.run(run_args(dataset, crashed, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming: {len(before)} results already recorded" in resumed.stderr
    assert rows(crashed) == expected

    with sqlite3.connect(f"file:{crashed}?mode=ro", uri=True) as db:
        statuses = [status for (status,) in db.execute("SELECT status FROM session ORDER BY id")]
        assert statuses == ["interrupted", "finished"]
        recorded = db.execute("SELECT SUM(recorded) FROM session").fetchone()[0]
        assert recorded == PROBLEMS * SEEDS


def integrity(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def test_kill_9_at_ten_random_points_then_resume_loses_and_duplicates_nothing(tmp_path):
    dataset = make_dataset(str(tmp_path))
    reference = str(tmp_path / "reference.sqlite")
    subprocess.run(run_args(dataset, reference), check=True, cwd=ROOT, capture_output=True, timeout=300)
    expected = rows(reference)
    chooser = random.Random(20261129)
    for trial in range(10):
        crashed = str(tmp_path / f"crashed-{trial}.sqlite")
        # Kill once `target` rows are in, after a random extra delay, so the kill lands anywhere: between
        # commits, inside one, or while a problem's calls are in flight.
        target = chooser.randint(1, PROBLEMS * SEEDS - 4)
        delay = chooser.uniform(0, 0.3)
        process = subprocess.Popen(run_args(dataset, crashed, "--sim-tokens-per-second", "400"), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 120
            while count(crashed) < target and process.poll() is None:
                assert time.time() < deadline, f"trial {trial}: no progress"
                time.sleep(0.02)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
        assert integrity(crashed) == "ok", f"trial {trial}: the store is damaged"
        before = rows(crashed)
        for key, row in before.items():
            assert row == expected[key], f"trial {trial}: a row committed before the kill differs: {key}"
        resumed = subprocess.run(run_args(dataset, crashed, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, f"trial {trial}: {resumed.stderr}"
        assert rows(crashed) == expected, f"trial {trial}: the resumed store differs from an uninterrupted run"
        assert integrity(crashed) == "ok"


def test_sigint_stops_scheduling_and_keeps_finished_rows(tmp_path):
    dataset = make_dataset(str(tmp_path))
    store = str(tmp_path / "interrupted.sqlite")
    process = subprocess.Popen(run_args(dataset, store, "--sim-tokens-per-second", "150", "--concurrency", "2"), cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = interrupt(process, lambda: count(store) >= 2, [signal.SIGINT], timeout=120)
    assert process.returncode == 130, stderr
    assert "stopping" in stderr
    assert "accuracy" in stdout
    finished = count(store)
    assert 2 <= finished < PROBLEMS * SEEDS
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        assert db.execute("SELECT status FROM session").fetchone()[0] == "interrupted"


def test_a_second_sigint_quits_and_stops_the_command_graders_in_flight(tmp_path):
    dataset = make_dataset(str(tmp_path))
    store = str(tmp_path / "graders.sqlite")
    pids = tmp_path / "grader-children"
    # Each grader starts a child of its own and waits for it: only being stopped ends either.
    grader = f"command:sleep 300 & echo $! >> {pids}; wait"
    process = subprocess.Popen(run_args(dataset, store, "--grader", grader, "--concurrency", "2"), cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, stderr = interrupt(process, lambda: pids.exists() and len(pids.read_text().split()) >= 2, [signal.SIGINT, signal.SIGINT])
    assert process.returncode == 130, stderr
    assert "quitting" in stderr
    assert all_stop([int(pid) for pid in pids.read_text().split()]), "a grader's child outlived the run"
