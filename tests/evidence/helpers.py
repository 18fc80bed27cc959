"""Requests and readers shared by the evidence tests."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


def create(api, plural: str, slug: str = "alpha", **fields: Any) -> dict:
    """POST a participant, quote, narrative or job and return it; asserts 201."""
    response = api.post(f"/api/v1/workspaces/{slug}/{plural}", json=fields)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json


def fetch(api, plural: str, item_id: str) -> dict:
    response = api.get(f"/api/v1/{plural}/{item_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def listed(api, plural: str, query: str = "", slug: str = "alpha") -> list[dict]:
    """The items of one list request (the envelope is checked elsewhere)."""
    response = api.get(f"/api/v1/workspaces/{slug}/{plural}{'?' + query if query else ''}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["items"]


JOB = {"situation": "my plants look sad", "motivation": "know what they need", "outcome": "keep them alive"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements_of(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every element of an HTML fragment as (tag, attributes), in document order."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_inert(html: str) -> None:
    """No element or attribute in ``html`` can run script, load a frame or restyle the page."""
    for tag, attrs in elements_of(html):
        assert tag not in {"script", "iframe", "img", "svg", "object", "embed", "style", "form", "frame"}, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, html)
            assert name != "style", (tag, html)
            url = "".join(value.split()).lower()
            assert not url.startswith(("javascript:", "vbscript:", "data:")), (tag, name, value)
