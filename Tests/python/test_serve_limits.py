"""`ponder serve` from a config file: text completions, admission control, per-key limits, upstream
failures (502/504), request ids and /metrics — through the official OpenAI Python client."""
import concurrent.futures
import json
import os
import urllib.request

import openai
import pytest
from openai import OpenAI

from conftest import start, stop

QUESTION = "Start with 12. Add 7. Multiply the result by 3. Subtract 5. What is the result?"


def write_config(path, sim_url, server_yaml, endpoint_extra=""):
    path.write_text(
        "endpoints:\n"
        f"  - {{name: policy, model: sim-reasoner, url: '{sim_url}'{endpoint_extra}}}\n"
        "server:\n" + server_yaml)
    return str(path)


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    """A slow sim behind a daemon that runs one search at a time with one waiting, and two keys."""
    sim, sim_url = start(["sim", "--port", "0", "--tokens-per-second", "150"])
    os.environ["PONDER_TEST_KEY_BURST"] = "sk-burst-test"
    os.environ["PONDER_TEST_KEY_BULK"] = "sk-bulk-test"
    config = write_config(
        tmp_path_factory.mktemp("limited") / "ponder.yaml", sim_url,
        "  admission: {max_concurrent_searches: 1, queue: 1, queue_timeout: 30}\n"
        "  routes: {careful: best-of-4}\n"
        "  api_keys:\n"
        "    - {name: burst, key_env: PONDER_TEST_KEY_BURST, requests_per_minute: 3}\n"
        "    - {name: bulk, key_env: PONDER_TEST_KEY_BULK}\n")
    proxy, proxy_url = start(["serve", "--config", config, "--port", "0"])
    yield {"sim": sim_url, "proxy": proxy_url}
    stop(proxy, sim)


def client(url, key):
    return OpenAI(base_url=url + "/v1", api_key=key, max_retries=0, timeout=60)


def test_text_completions(limited):
    reply = client(limited["proxy"], "sk-bulk-test").completions.create(
        model="self-consistency/sim-reasoner", prompt=QUESTION, n=2, seed=4)
    assert reply.object == "text_completion"
    assert 1 <= len(reply.choices) <= 2
    assert "\\boxed{" in reply.choices[0].text
    assert reply.usage.completion_tokens > 0
    assert reply.model_extra["ponder"]["strategy"] == "self-consistency"


def test_text_completions_stream(limited):
    stream = client(limited["proxy"], "sk-bulk-test").completions.create(
        model="single/sim-reasoner", prompt=QUESTION, stream=True, stream_options={"include_usage": True})
    text, usage = "", None
    for chunk in stream:
        if chunk.choices:
            text += chunk.choices[0].text
        if chunk.usage:
            usage = chunk.usage
    assert "\\boxed{" in text
    assert usage is not None and usage.completion_tokens > 0


def test_route_alias_from_the_config(limited):
    reply = client(limited["proxy"], "sk-bulk-test").chat.completions.create(
        model="careful", messages=[{"role": "user", "content": QUESTION}])
    assert reply.model_extra["ponder"]["strategy"] == "best-of-4"


def test_a_full_queue_answers_429(limited):
    def ask(_):
        try:
            client(limited["proxy"], "sk-bulk-test").chat.completions.create(
                model="best-of-4/sim-reasoner", messages=[{"role": "user", "content": QUESTION}])
            return 200
        except openai.RateLimitError as error:
            assert error.body["code"] == "server_busy"
            return 429

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(ask, range(8)))
    assert statuses.count(200) >= 2 and statuses.count(429) >= 1, statuses


def test_requests_per_minute_per_key(limited):
    burst = client(limited["proxy"], "sk-burst-test")
    outcomes = []
    for _ in range(4):
        try:
            burst.models.list()
            outcomes.append(200)
        except openai.RateLimitError as error:
            assert error.body["code"] == "rate_limit_exceeded"
            assert "sk-burst-test" not in json.dumps(error.body)
            outcomes.append(429)
    assert outcomes == [200, 200, 200, 429]


def test_request_id_header_and_metrics(limited):
    request = urllib.request.Request(limited["proxy"] + "/v1/models", headers={
        "Authorization": "Bearer sk-bulk-test", "X-Request-Id": "trace-me-1"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["X-Request-Id"] == "trace-me-1"
    with urllib.request.urlopen(limited["proxy"] + "/metrics") as response:
        text = response.read().decode()
    assert 'ponder_requests_total{route="/v1/models",status="200",strategy=""}' in text
    assert "ponder_backend_calls_total" in text
    assert "sk-bulk-test" not in text and "sk-burst-test" not in text


def test_upstream_failures_are_502_and_504(tmp_path):
    stalled, stalled_url = start(["sim", "--port", "0", "--fault-rate", "1", "--faults", "stall", "--stall-seconds", "20"])
    failing, failing_url = start(["sim", "--port", "0", "--fault-rate", "1", "--faults", "500"])
    servers = []
    try:
        retry = ", timeouts: {total: 0.5}, retry: {max_attempts: 1}"
        slow = start(["serve", "--port", "0", "--config", write_config(tmp_path / "slow.yaml", stalled_url, "  port: 0\n", retry)])
        broken = start(["serve", "--port", "0", "--config", write_config(tmp_path / "broken.yaml", failing_url, "  port: 0\n", retry)])
        servers = [slow[0], broken[0]]
        with pytest.raises(openai.APIStatusError) as timeout:
            client(slow[1], "unused").chat.completions.create(model="sim-reasoner", messages=[{"role": "user", "content": QUESTION}])
        assert timeout.value.status_code == 504
        with pytest.raises(openai.APIStatusError) as upstream:
            client(broken[1], "unused").chat.completions.create(model="sim-reasoner", messages=[{"role": "user", "content": QUESTION}])
        assert upstream.value.status_code == 502
        assert upstream.value.body["type"] == "upstream_error"
    finally:
        stop(*servers, stalled, failing)


def test_structured_request_log_names_the_client_never_the_key(tmp_path):
    sim, sim_url = start(["sim", "--port", "0"])
    os.environ["PONDER_TEST_KEY_LOGGED"] = "sk-logged-secret"
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        proxy, proxy_url = start(
            ["serve", "--endpoint", sim_url, "--port", "0", "--log-level", "info", "--client-key-env", "PONDER_TEST_KEY_LOGGED"],
            stderr=log)
    try:
        client(proxy_url, "sk-logged-secret").with_options(default_headers={"X-Request-Id": "log-check-7"}).chat.completions.create(
            model="best-of-4/sim-reasoner", messages=[{"role": "user", "content": QUESTION}])
        with pytest.raises(openai.AuthenticationError):
            client(proxy_url, "sk-wrong-guess").models.list()
    finally:
        stop(proxy, sim)
    text = log_path.read_text()
    line = next(l for l in text.splitlines() if "log-check-7" in l)
    for field in ("request_id=log-check-7", "status=200", "strategy=best-of-4", "client=PONDER_TEST_KEY_LOGGED", "path=/v1/chat/completions"):
        assert field in line, (field, line)
    assert "status=401" in text
    assert "sk-logged-secret" not in text and "sk-wrong-guess" not in text
