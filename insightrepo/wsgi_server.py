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


def run_gunicorn(host: str, port: int, workers: int) -> None:
    _Gunicorn({
        "bind": f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "errorlog": "-",
        "forwarded_allow_ips": "127.0.0.1",
        "timeout": 60,
        **REQUEST_LIMITS,
    }).run()
