"""SIGTERM drains `ponder serve`: requests in flight complete, new connections are refused, exit 0."""
import signal
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
