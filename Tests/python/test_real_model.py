"""The official OpenAI Python client against `ponder serve` in front of a real model: llama.cpp's server
with SmolLM2-135M on the CPU, started by scripts/real-model.sh and named by PONDER_REAL_MODEL_URL
(scripts/test starts it). Usage is checked against the server's own counters."""
import os
import re
import urllib.request

import pytest
from openai import OpenAI

from conftest import ROOT, read_stream, start, stop

REAL_MODEL = os.environ.get("PONDER_REAL_MODEL_URL")
pytestmark = pytest.mark.skipif(not REAL_MODEL, reason="needs PONDER_REAL_MODEL_URL (scripts/test starts the real model)")

MESSAGES = [
    {"role": "system", "content": "Answer the arithmetic question. Write the calculation on one line, then the answer on the next."},
    {"role": "user", "content": "What is 23 + 14?"},
    {"role": "assistant", "content": "23 + 14 = 37\nThe answer is 37."},
    {"role": "user", "content": "What is 56 - 21?"},
    {"role": "assistant", "content": "56 - 21 = 35\nThe answer is 35."},
    {"role": "user", "content": "What is 41 + 59?"},
]


@pytest.fixture(scope="module")
def daemon():
    os.environ["PONDER_HOME"] = os.path.join(ROOT, "Examples", "real-model")
    try:
        process, url = start(["serve", "--endpoint", REAL_MODEL, "--port", "0"])
    finally:
        del os.environ["PONDER_HOME"]
    yield OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=300)
    stop(process)


def counters():
    """The server's own token counters (llama.cpp's /metrics)."""
    with urllib.request.urlopen(REAL_MODEL + "/metrics") as response:
        text = response.read().decode()
    values = {}
    for name in ("prompt_tokens_total", "prompt_tokens_cached_total", "tokens_predicted_total"):
        values[name] = int(float(re.search(r"^llamacpp:%s (\S+)$" % name, text, re.M).group(1)))
    return values


def assert_usage_matches_server(usage, before, after):
    assert usage.completion_tokens == after["tokens_predicted_total"] - before["tokens_predicted_total"]
    cached = usage.prompt_tokens_details.cached_tokens if usage.prompt_tokens_details else 0
    assert usage.prompt_tokens - cached == after["prompt_tokens_total"] - before["prompt_tokens_total"]


def test_single_answers_with_the_servers_usage(daemon):
    before = counters()
    reply = daemon.chat.completions.create(model="single/smollm2", messages=MESSAGES, temperature=0)
    after = counters()
    assert "41 + 59" in reply.choices[0].message.content
    assert reply.model_extra["ponder"]["strategy"] == "single"
    assert_usage_matches_server(reply.usage, before, after)


def test_single_streams_from_the_real_model(daemon):
    before = counters()
    stream = daemon.chat.completions.create(
        model="single/smollm2", messages=MESSAGES, temperature=0, stream=True, stream_options={"include_usage": True})
    content, pieces, _, usage = read_stream(stream)
    after = counters()
    assert len(pieces) >= 5, "token by token"
    assert "The answer is" in content
    assert usage is not None
    assert_usage_matches_server(usage, before, after)


def test_a_checked_search_streams_progress_and_counts_every_sample(daemon):
    before = counters()
    stream = daemon.chat.completions.create(
        model="best-of-8-checked/smollm2", messages=MESSAGES, seed=7, stream=True, stream_options={"include_usage": True})
    content, _, progress, usage = read_stream(stream)
    after = counters()
    assert progress >= 2
    assert "The answer is" in content
    assert usage is not None and usage.completion_tokens > 0
    assert_usage_matches_server(usage, before, after)
