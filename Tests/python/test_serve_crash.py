"""`ponder serve --record` survives `kill -9` mid-request: the record file stays sound (`PRAGMA
integrity_check`), every row in it is whole and holds what its client was (or would have been) answered,
no request is recorded twice, every answer a client had received before the kill is there, and a daemon
restarted on the same file appends to it. SIGTERM drains: every answered request is recorded."""
import http.client
import json
import os
import random
import signal
import sqlite3
import threading
import time

from conftest import start, stop

QUESTIONS = [
    "Start with 12. Add 7. Multiply the result by 3. Subtract 5. What is the result?",
    "Start with 40. Subtract 9. Add 14. What is the result?",
    "Start with 6. Multiply the result by 7. Add 8. Subtract 11. What is the result?",
]
STRATEGIES = ["single", "best-of-4"]
# The writer commits a row within one batch of its answer, not before the client has it (a request
# never waits on disk), so a kill can lose the rows of answers from its last moments. Answers received
# longer than this before the kill must be in the file.
WRITER_LAG = 0.5


class Client:
    """Threads that keep `concurrency` requests in flight against one daemon until told to stop, and
    what each got: for every request id, its full answer and when it arrived, or nothing."""

    def __init__(self, url, prefix, concurrency, seed):
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.prefix = prefix
        self.answers = {}  # request id -> (answer text, usage, monotonic time received)
        self.sent = {}  # request id -> (body, stream)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.counter = 0
        self.random = random.Random(seed)
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(concurrency)]

    def next_request(self):
        with self.lock:
            self.counter += 1
            n = self.counter
            strategy = STRATEGIES[self.random.randrange(len(STRATEGIES))]
            stream = self.random.random() < 0.4
        request_id = f"{self.prefix}-{n}"
        body = {"model": f"{strategy}/sim-reasoner", "seed": n,
                "messages": [{"role": "user", "content": QUESTIONS[n % len(QUESTIONS)]}]}
        if stream:
            body["stream"] = True
            body["stream_options"] = {"include_usage": True}
        with self.lock:
            self.sent[request_id] = (body, stream)
        return request_id, body, stream

    def loop(self):
        while not self.stopping.is_set():
            request_id, body, stream = self.next_request()
            try:
                answer = self.ask(request_id, body, stream)
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)  # the daemon was killed under this request, or is gone: no answer
                continue
            if answer is not None:
                with self.lock:
                    self.answers[request_id] = (*answer, time.monotonic())

    def ask(self, request_id, body, stream):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request("POST", "/v1/chat/completions", json.dumps(body),
                               {"Content-Type": "application/json", "X-Request-Id": request_id})
            response = connection.getresponse()
            data = response.read().decode()
            if response.status != 200:
                return None
            if not stream:
                reply = json.loads(data)
                return reply["choices"][0]["message"]["content"], reply["usage"]
            if not data.endswith("data: [DONE]\n\n"):
                return None  # broken off: not a complete answer
            text, usage = "", None
            for line in data.split("\n"):
                if not line.startswith("data: {"):
                    continue
                event = json.loads(line[6:])
                assert "error" not in event, event
                for choice in event.get("choices", []):
                    text += (choice.get("delta") or {}).get("content") or ""
                usage = event.get("usage") or usage
            return (text, usage) if usage else None
        finally:
            connection.close()

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def rows(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM request ORDER BY id")]


def integrity(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def check_row(row, clients):
    """A row is whole, was asked by one of our clients, and holds what that client sent and was answered."""
    request_id = row["request_id"]
    sent = next((c.sent[request_id] for c in clients if request_id in c.sent), None)
    assert sent is not None, f"a row for a request nobody sent: {request_id}"
    body, stream = sent
    assert row["route"] == "/v1/chat/completions" and bool(row["stream"]) == stream
    assert row["model"] == body["model"] and row["strategy"] == body["model"].split("/")[0]
    assert json.loads(row["messages"]) == body["messages"]
    assert "\\boxed{" in row["answer"], f"{request_id}: half an answer? {row['answer'][-80:]!r}"
    assert row["finish_reason"] == "stop" and row["calls"] >= 1 and row["completion_tokens"] > 0
    assert row["latency_ms"] > 0 and row["finished_at"]
    if not (stream and row["strategy"] == "single"):
        assert len(json.loads(row["trace"])["nodes"]) >= 2
    answered = next((c.answers[request_id] for c in clients if request_id in c.answers), None)
    if answered is not None:
        text, usage, _ = answered
        assert row["answer"] == text, f"{request_id}: recorded answer differs from the client's"
        assert (row["prompt_tokens"], row["completion_tokens"]) == (usage["prompt_tokens"], usage["completion_tokens"])


def serve(sim_url, store):
    return start(["serve", "--endpoint", sim_url, "--port", "0", "--record", store, "--grace-period", "30"])


def test_kill_9_mid_request_keeps_the_record_sound_and_a_restart_appends(tmp_path):
    store = str(tmp_path / "answered.sqlite")
    chooser = random.Random(20261130)
    # Decoding at 300 tokens/s per request keeps several requests in flight at every moment.
    sim, sim_url = start(["sim", "--port", "0", "--tokens-per-second", "300"])
    clients = []
    try:
        for trial in range(3):
            proxy, proxy_url = serve(sim_url, store)
            before = len(rows(store)) if trial else 0
            client = Client(proxy_url, f"t{trial}", concurrency=8, seed=trial)
            clients.append(client)
            try:
                client.start()
                time.sleep(chooser.uniform(1.5, 3.0))
                proxy.send_signal(signal.SIGKILL)
                killed_at = time.monotonic()
                proxy.wait(timeout=30)
            finally:
                if proxy.poll() is None:
                    proxy.kill()
                client.stop()
            in_flight = len(client.sent) - len(client.answers)
            assert in_flight >= 1, f"trial {trial}: no request was in flight at the kill"
            assert integrity(store) == "ok", f"trial {trial}: the record is damaged"
            recorded = rows(store)
            ids = [row["request_id"] for row in recorded]
            assert len(ids) == len(set(ids)), f"trial {trial}: a request recorded twice"
            assert len(recorded) > before, f"trial {trial}: the restarted daemon appended nothing"
            assert all(row["request_id"].startswith(tuple(f"t{t}-" for t in range(trial))) for row in recorded[:before]), \
                "rows of earlier daemons come first, untouched"
            for row in recorded:
                check_row(row, clients)
            settled = [rid for rid, (_, _, at) in client.answers.items() if at < killed_at - WRITER_LAG]
            missing = [rid for rid in settled if rid not in ids]
            assert not missing, f"trial {trial}: answered before the kill but not recorded: {missing}"
            late = [rid for rid, (_, _, at) in client.answers.items() if at >= killed_at - WRITER_LAG and rid not in ids]
            print(f"trial {trial}: {len(client.answers)} answered, {in_flight} unanswered at the kill, "
                  f"{len(recorded) - before} rows appended, {len(late)} answered in the last {WRITER_LAG}s not recorded")

        # A last daemon on the same file, stopped with SIGTERM: it drains, so every answer is there.
        proxy, proxy_url = serve(sim_url, store)
        before = len(rows(store))
        client = Client(proxy_url, "final", concurrency=8, seed=99)
        clients.append(client)
        try:
            client.start()
            time.sleep(1.5)
            proxy.send_signal(signal.SIGTERM)
            assert proxy.wait(timeout=60) == 0
        finally:
            if proxy.poll() is None:
                proxy.kill()
            client.stop()
        assert integrity(store) == "ok"
        recorded = rows(store)
        final = [row for row in recorded[before:]]
        assert {row["request_id"] for row in final} == set(client.answers), "SIGTERM: every answered request, and only those"
        assert len(client.answers) >= 4
        for row in recorded:
            check_row(row, clients)
    finally:
        stop(sim)
