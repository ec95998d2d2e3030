"""Starts `ponder sim` and `ponder serve` (built by scripts/test) on free ports for the client tests."""
import os
import re
import subprocess
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PONDER = os.environ.get("PONDER_BIN", os.path.join(ROOT, ".build", "debug", "ponder"))


def start(args, stderr=subprocess.DEVNULL):
    process = subprocess.Popen([PONDER] + args, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            return process, match.group(1)
    process.kill()
    raise RuntimeError(f"{args[0]} did not start")


def stop(*processes):
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def interrupt(process, ready, signals, timeout=60):
    """Waits (up to 120 s, the process still running) until `ready()`, sends `signals` a second apart,
    and returns the process's (stdout, stderr); the process is killed if anything fails meanwhile."""
    try:
        deadline = time.time() + 120
        while not ready():
            assert process.poll() is None and time.time() < deadline
            time.sleep(0.05)
        for index, sent in enumerate(signals):
            if index:
                time.sleep(1)
            process.send_signal(sent)
        return process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()


def running(pid):
    """Whether a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def all_stop(pids, within=10):
    """Whether every one of `pids` has stopped running within `within` seconds."""
    deadline = time.time() + within
    while any(running(pid) for pid in pids) and time.time() < deadline:
        time.sleep(0.1)
    return not any(running(pid) for pid in pids)


def read_stream(stream):
    """Reads a streamed chat completion: (content, pieces of content, progress chunks, usage)."""
    pieces, progress, usage = [], 0, None
    for chunk in stream:
        if (chunk.model_extra or {}).get("ponder"):
            progress += 1
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        if chunk.usage:
            usage = chunk.usage
    return "".join(pieces), pieces, progress, usage


@pytest.fixture(scope="session")
def servers():
    sim, sim_url = start(["sim", "--port", "0"])
    env_key = "PONDER_TEST_CLIENT_KEY"
    os.environ[env_key] = "sk-client-test"
    proxy, proxy_url = start(["serve", "--endpoint", sim_url, "--port", "0", "--client-key-env", env_key])
    yield {"sim": sim_url, "proxy": proxy_url, "key": "sk-client-test"}
    stop(proxy, sim)
