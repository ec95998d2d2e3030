"""A benchmark stopped by a signal stops the servers it started: they lead process groups of their
own, out of reach of a terminal's interrupt, so the benchmark has to stop them itself."""
import os
import signal
import subprocess
import time

import pytest

from conftest import PONDER, ROOT


def children(pid):
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def running(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("sent, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_proxy_benchmark_stops_its_sim_and_daemon(sent, code):
    # Far more requests than it will get through: only the signal ends it.
    process = subprocess.Popen([PONDER, "bench", "proxy", "--requests", "2000000", "--concurrency", "8"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        servers = []
        while len(servers) < 2:  # the sim, then the daemon in front of it
            assert process.poll() is None and time.time() < deadline
            time.sleep(0.1)
            servers = children(process.pid)
        time.sleep(1)
        process.send_signal(sent)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, stderr
    assert "stopping the benchmark's servers" in stderr
    deadline = time.time() + 10
    while any(running(server) for server in servers) and time.time() < deadline:
        time.sleep(0.1)
    assert not any(running(server) for server in servers), "a server outlived the benchmark"
