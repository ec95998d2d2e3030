"""SIGTERM drains `ponder serve`: requests in flight complete, new connections are refused, exit 0."""
import signal
import socket
import threading
import time

import openai
import pytest
from openai import OpenAI

from conftest import start

QUESTION = "Start with 12. Add 7. Multiply the result by 3. Subtract 5. What is the result?"


def test_sigterm_finishes_requests_in_flight_and_refuses_new_ones():
    # A slow sim (25 tokens/s) makes the search take seconds, so it is still running when SIGTERM arrives.
    sim, sim_url = start(["sim", "--port", "0", "--tokens-per-second", "25"])
    proxy, proxy_url = start(["serve", "--endpoint", sim_url, "--port", "0", "--grace-period", "30"])
    try:
        client = OpenAI(base_url=proxy_url + "/v1", api_key="unused", max_retries=0, timeout=60)
        results = []

        def ask():
            try:
                reply = client.chat.completions.create(
                    model="self-consistency/sim-reasoner", messages=[{"role": "user", "content": QUESTION}])
                results.append(reply.choices[0].message.content)
            except Exception as error:  # recorded and asserted below
                results.append(error)

        worker = threading.Thread(target=ask)
        worker.start()
        time.sleep(1.0)
        proxy.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        with pytest.raises(openai.APIConnectionError):
            client.chat.completions.create(model="sim-reasoner", messages=[{"role": "user", "content": QUESTION}])
        worker.join(timeout=60)
        assert len(results) == 1 and isinstance(results[0], str), results
        assert "\\boxed{" in results[0]
        assert proxy.wait(timeout=30) == 0
    finally:
        for process in (proxy, sim):
            if process.poll() is None:
                process.kill()


def _read_until(sock, marker, timeout):
    """Reads from `sock` until `marker` is in what was read, or the peer closes, or `timeout` passes."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.time() + timeout
    while marker not in data and time.time() < deadline:
        piece = sock.recv(65536)
        if not piece:
            break
        data += piece
    return data


def test_sigterm_closes_idle_connections_and_answers_a_request_being_sent():
    sim, sim_url = start(["sim", "--port", "0"])
    proxy, proxy_url = start(["serve", "--endpoint", sim_url, "--port", "0", "--grace-period", "30"])
    try:
        port = int(proxy_url.rsplit(":", 1)[1])
        idle = socket.create_connection(("127.0.0.1", port))
        idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: ponder\r\n\r\n")
        assert b'{"status":"ok"}' in _read_until(idle, b'{"status":"ok"}', 10)
        # Half a request: its head is in, its body is not.
        body = b'{"model":"sim-reasoner","messages":[{"role":"user","content":"What is 3 + 4?"}]}'
        sending = socket.create_connection(("127.0.0.1", port))
        sending.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: ponder\r\nContent-Type: application/json\r\n"
            + b"Content-Length: %d\r\n\r\n" % len(body))
        time.sleep(0.3)
        started = time.time()
        proxy.send_signal(signal.SIGTERM)
        assert _read_until(idle, b"never", 10) == b"", "the idle kept-alive connection is closed, not left open"
        sending.sendall(body)
        answer = _read_until(sending, b"never", 10)
        assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and b'"chat.completion"' in answer, answer
        assert proxy.wait(timeout=30) == 0
        assert time.time() - started < 10, "the drain did not wait out its 30 s grace period"
    finally:
        for process in (proxy, sim):
            if process.poll() is None:
                process.kill()
