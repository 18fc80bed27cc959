"""Starting `insightrepo serve` for a test: a free port, the process, and the wait until it answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serving(env: dict, log_path: Path, seconds: float = 120,
                  host: str = "127.0.0.1") -> tuple[subprocess.Popen, str]:
    """`insightrepo serve` on a free port with ``env``, its output in ``log_path``, once it answers
    GET /login: (the process, its base URL with ``host``). Fails the test if the server exits or does
    not answer within ``seconds``. Stopping it is the caller's (the signal differs)."""
    port = free_port()
    with log_path.open("w") as log:  # the child keeps its own descriptor
        process = subprocess.Popen([sys.executable, "-m", "insightrepo", "serve", "--host", "127.0.0.1",
                                    "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{url}/login", timeout=2)
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail("server did not start:\n" + log_path.read_text())
            time.sleep(0.2)
