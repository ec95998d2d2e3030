"""A benchmark stopped by a signal stops the servers it started: they lead process groups of their
own, out of reach of a terminal's interrupt, so the benchmark has to stop them itself."""
import signal
import subprocess

import pytest

from conftest import PONDER, ROOT, all_stop, interrupt


def children(pid):
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


@pytest.mark.parametrize("sent, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_proxy_benchmark_stops_its_sim_and_daemon(sent, code):
    # Far more requests than it will get through: only the signal ends it.
    process = subprocess.Popen([PONDER, "bench", "proxy", "--requests", "2000000", "--concurrency", "8"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    servers = []

    def both_started():  # the sim, then the daemon in front of it
        servers[:] = children(process.pid)
        return len(servers) >= 2

    _, stderr = interrupt(process, both_started, [sent])
    assert process.returncode == code, stderr
    assert "stopping the benchmark's servers" in stderr
    assert all_stop(servers), "a server outlived the benchmark"
