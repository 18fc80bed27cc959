"""Production serving with gunicorn; each worker builds its own app (and database pool)."""

from __future__ import annotations

import gc

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from insightrepo import create_app

        app = create_app()
        # Everything built at start-up lives as long as the worker: keep it out of the garbage
        # collector's full passes, which otherwise pause big compares (docs/benchmarks.md).
        gc.freeze()
        return app


# What gunicorn itself refuses, before the app sees a request. Its refusals (414, 431, 400 for a bad
# request line) are its own bare HTML pages, without the app's security headers, which gunicorn
# cannot add: the reverse proxy in front must refuse first, with limits no larger than these
# (docs/security.md, "Behind a reverse proxy").
REQUEST_LIMITS = {
    # The longest request line (gunicorn's default is 4,094 bytes): a search of
    # search_max_query_length (500) letters outside ASCII is up to 6,000 bytes in the address.
    "limit_request_line": 8190,
    # Header fields: a browser sends about 15 and a proxy adds a few (gunicorn's default is 100),
    # each at most 8,190 bytes (cookies included).
    "limit_request_fields": 50,
    "limit_request_field_size": 8190,
}


# How long gunicorn lets a worker go without a word before killing it (its sync workers say nothing
# while a request runs). The longest valid request is the largest CSV import the limits allow
# (quote_import_max_rows, 100,000 rows; quote_import_max_bytes, 32 MiB): about 22 CPU seconds on
# the 2-core benchmark machine, checked and written in one transaction (docs/benchmarks.md). At 60 s
# a 50,000-row file on a loaded machine — two workers and the index drainer sharing two cores —
# was killed mid-request and answered 500. 180 s lets the largest file finish with an eighth of a
# core; a worker truly stuck is still replaced within three minutes. The reverse proxy must wait
# at least as long (docs/deployment.md, "Large imports").
WORKER_TIMEOUT = 180


def run_gunicorn(host: str, port: int, workers: int) -> None:
    _Gunicorn({
        "bind": f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "errorlog": "-",
        "forwarded_allow_ips": "127.0.0.1",
        "timeout": WORKER_TIMEOUT,
        **REQUEST_LIMITS,
    }).run()
