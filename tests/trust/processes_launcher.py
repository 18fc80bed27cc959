"""A launcher for `insightrepo` commands: it imports InsightRepo once and forks a fresh process for
each command the trust tests run (`serve`, `search check`, `import workspace` …).

Each command is the real one — `insightrepo.cli.main()` with its arguments, its own environment,
its own session and process group — only without paying Python's ~3 s of imports for every start
(the crash tests start a server a few dozen times). Run as a script; one JSON request per line on
standard input, one JSON answer per line on standard output:

    {"run": ["serve", "--port", "5001"], "env": {…}, "cwd": "…", "out": "log path", "tripwire": "…"}
        → {"pid": 1234}     the command's process leads its own process group: kill it with killpg
    {"wait": 1234, "timeout": 30} → {"pid": 1234, "status": 0}   (status null: still running)

``tripwire`` (optional) is a tests.trust.processes_tripwire spec: the process stops at that point of
its work, says so in the file ``tripwire_file``, and waits to be killed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import processes_tripwire  # noqa: E402  (beside this file)

# Imported once, here: the point of the launcher (create_app imports the API and the web lazily).
import gunicorn.arbiter  # noqa: E402,F401
import gunicorn.workers.sync  # noqa: E402,F401
import insightrepo.api  # noqa: E402,F401
import insightrepo.cli  # noqa: E402,F401
import insightrepo.http_errors  # noqa: E402,F401
import insightrepo.web  # noqa: E402,F401
import insightrepo.wsgi_server  # noqa: E402,F401


def _child(request: dict) -> None:
    """In the forked process: become the command."""
    code = 1
    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        null = os.open(os.devnull, os.O_RDONLY)
        out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        if request.get("tripwire"):
            processes_tripwire.install(request["tripwire"], Path(request["tripwire_file"]))
        sys.argv = ["insightrepo", *request["run"]]
        try:
            insightrepo.cli.main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # noqa: BLE001 - anything at all: report it in the log, never return to the loop
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _wait(pid: int, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.02)


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        if "run" in request:
            pid = os.fork()
            if pid == 0:
                _child(request)
            answer = {"pid": pid}
        else:
            answer = {"pid": request["wait"], "status": _wait(request["wait"], request.get("timeout", 0))}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
