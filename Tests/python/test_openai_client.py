"""The official OpenAI Python client against `ponder serve` over `ponder sim`."""
import json
import time
import urllib.request

import openai
import pytest
from openai import OpenAI

from conftest import read_stream

QUESTION = "Start with 12. Add 7. Multiply the result by 3. Subtract 5. What is the result?"
ANSWER = "52"


def client(servers, key=None):
    return OpenAI(base_url=servers["proxy"] + "/v1", api_key=key or servers["key"], max_retries=0, timeout=60)


def sim_requests(servers):
    with urllib.request.urlopen(servers["sim"] + "/sim/stats") as response:
        return json.load(response)


def test_chat_with_a_preset_in_the_model_id(servers):
    before = sim_requests(servers)
    reply = client(servers).chat.completions.create(
        model="best-of-4/sim-reasoner", messages=[{"role": "user", "content": QUESTION}], seed=3)
    after = sim_requests(servers)
    assert "\\boxed{" in reply.choices[0].message.content
    assert reply.usage.completion_tokens == after["completion_tokens"] - before["completion_tokens"]
    assert reply.usage.prompt_tokens == after["prompt_tokens"] - before["prompt_tokens"]
    assert reply.model_extra["ponder"]["strategy"] == "best-of-4"


def test_created_is_the_time_of_the_answer(servers):
    """`created` is a Unix timestamp, in the reply and on every chunk of a stream (one value per stream)."""
    started = int(time.time())
    reply = client(servers).chat.completions.create(
        model="single/sim-reasoner", messages=[{"role": "user", "content": QUESTION}])
    text = client(servers).completions.create(model="single/sim-reasoner", prompt=QUESTION, max_tokens=16)
    stream = client(servers).chat.completions.create(
        model="best-of-4/sim-reasoner", messages=[{"role": "user", "content": QUESTION}], stream=True,
        stream_options={"include_usage": True})
    stamps = {chunk.created for chunk in stream}
    finished = int(time.time())
    assert started <= reply.created <= finished
    assert started <= text.created <= finished
    assert len(stamps) == 1 and started <= stamps.pop() <= finished


def test_extra_body_chooses_the_strategy_and_budget(servers):
    reply = client(servers).chat.completions.create(
        model="sim-reasoner", messages=[{"role": "user", "content": QUESTION}],
        extra_body={"ponder": {"strategy": "self-consistency", "budget": {"max_calls": 1}}})
    ponder = reply.model_extra["ponder"]
    assert ponder["strategy"] == "self-consistency"
    assert ponder["calls"] == 1


def test_auto_reports_its_allocation_and_counts_the_probe(servers):
    before = sim_requests(servers)
    reply = client(servers).chat.completions.create(
        model="auto/sim-reasoner", messages=[{"role": "user", "content": QUESTION}], seed=5)
    after = sim_requests(servers)
    allocation = reply.model_extra["ponder"]["allocation"]
    assert allocation["features"]["samples"] == 4
    assert 1 <= allocation["bin"] <= 5
    assert allocation["early_exit"] or allocation.get("tier")
    assert reply.usage.completion_tokens == after["completion_tokens"] - before["completion_tokens"]
    assert reply.usage.completion_tokens >= allocation["probe_usage"]["completion_tokens"] > 0


def test_n_returns_distinct_ranked_candidates(servers):
    reply = client(servers).chat.completions.create(
        model="best-of-16/sim-reasoner", messages=[{"role": "user", "content": QUESTION}], n=3, seed=1)
    texts = [choice.message.content for choice in reply.choices]
    assert 1 <= len(texts) <= 3
    assert len(set(texts)) == len(texts)


def test_streaming_with_progress_and_usage(servers):
    stream = client(servers).chat.completions.create(
        model="beam-prm/sim-reasoner", messages=[{"role": "user", "content": QUESTION}], stream=True,
        stream_options={"include_usage": True})
    content, _, progress, usage = read_stream(stream)
    assert progress >= 2
    assert "\\boxed{" in content
    assert usage is not None and usage.completion_tokens > 0


def test_single_streams_token_by_token(servers):
    stream = client(servers).chat.completions.create(
        model="single/sim-reasoner", messages=[{"role": "user", "content": QUESTION}], stream=True)
    pieces = [c.choices[0].delta.content for c in stream if c.choices and c.choices[0].delta.content]
    assert len(pieces) > 10


def test_errors_have_openai_status_and_body(servers):
    with pytest.raises(openai.NotFoundError) as missing:
        client(servers).chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": QUESTION}])
    assert missing.value.body["param"] == "model"
    with pytest.raises(openai.BadRequestError) as bad:
        client(servers).chat.completions.create(
            model="sim-reasoner", messages=[{"role": "user", "content": QUESTION}], n=99)
    assert bad.value.body["param"] == "n"
    with pytest.raises(openai.AuthenticationError):
        client(servers, key="sk-wrong").chat.completions.create(
            model="sim-reasoner", messages=[{"role": "user", "content": QUESTION}])


def test_models_list_presets(servers):
    models = list(client(servers).models.list())
    ids = [model.id for model in models]
    assert "sim-reasoner" in ids
    assert "mcts-q/sim-reasoner" in ids
    # Listed since the daemon started: a real Unix time, not 0.
    assert all(0 < model.created <= time.time() for model in models)
