"""Reading pages as a user would: the visible text, elements by tag/class/attributes, forms."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.html_tree import Node, html_tree, page  # noqa: F401  (re-exported for the tests)

def main(response) -> Node:
    return page(response).find("main")


def main_text(response) -> str:
    return main(response).text()


def ok(client, url: str) -> Node:
    """GET ``url``, expect 200, and return its <main>."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return main(response)


def post(client, url: str, data: dict | None = None, token_from: str | None = None):
    """POST as the page's form would: with a CSRF token from ``token_from`` (default: ``url``)."""
    token = csrf_token_from(client.get(token_from or url).get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token})


def post_forms(tree: Node) -> list[str]:
    """The actions of the page's POST forms (sign-out aside)."""
    return [f.attrs.get("action") or "" for f in tree.find_all("form")
            if (f.attrs.get("method") or "").lower() == "post" and "/logout" not in (f.attrs.get("action") or "")]


def quotes_shown(tree: Node) -> list[str]:
    """Each quote as shown: its words in quotation marks and who said them."""
    return [f"{f.find('blockquote').text()} {f.find('figcaption').text()}"
            for f in tree.find_all("figure", "quote")]


def stored(session, model, item_id: str):
    session.expire_all()
    return session.get(model, item_id)


def count(session, model) -> int:
    session.expire_all()
    return len(session.scalars(select(model)).all())
