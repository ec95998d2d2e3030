"""`ponder serve` keeps serving after the reader of its standard error has gone (a supervisor that
exited, a closed terminal): the next log line fails with EPIPE instead of SIGPIPE ending the daemon
(SwiftNIO ignores SIGPIPE process-wide on Linux; this holds the daemon to it)."""
import json
import subprocess
import urllib.error
import urllib.request

from conftest import start, stop


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_closed_stderr_does_not_stop_the_daemon():
    # Nothing listens on port 9: every search fails upstream, and the daemon logs a warning per request.
    daemon, url = start(["serve", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--port", "0"],
                        stderr=subprocess.PIPE)
    try:
        daemon.stderr.close()
        body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        for _ in range(3):
            assert post(url + "/v1/chat/completions", body) == 502
        assert daemon.poll() is None, f"the daemon exited with {daemon.returncode}"
        with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
            assert response.status == 200
    finally:
        stop(daemon)
