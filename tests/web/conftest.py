"""Reading pages and posting forms as a browser does (the helpers the page tests import)."""

from __future__ import annotations

from html.parser import HTMLParser

from flask.testing import FlaskClient

from tests.conftest import csrf_token_from


def submit(client: FlaskClient, page: str, action: str, data: dict | None = None, **kwargs):
    """Open ``page`` to get its CSRF token, then post ``data`` to ``action`` as its form would."""
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={**(data or {}), "csrf_token": token}, **kwargs)


def text(response) -> str:
    return response.get_data(as_text=True)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self._label_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "label":
            self._label_for, self._label_text = dict(attrs).get("for"), []

    def handle_data(self, data):
        if self._label_for is not None:
            self._label_text.append(data)

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for is not None:
            self.labels[" ".join("".join(self._label_text).split())] = self._label_for
            self._label_for = None


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def elements(html: str, tag: str, **attrs: str) -> list[dict[str, str | None]]:
    """The attributes of every ``tag`` element whose attributes include ``attrs``."""
    return [a for t, a in parse(html).elements
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def labelled_controls(html: str) -> dict[str, dict[str, str | None]]:
    """Label text → the attributes of the form control it labels (by ``for``/``id``)."""
    page = parse(html)
    by_id = {a.get("id"): (t, a) for t, a in page.elements if t in ("input", "select", "textarea")}
    return {label: by_id[for_id][1] for label, for_id in page.labels.items() if for_id in by_id}
