"""Reading the experiment pages as a user reads them, and posting their forms as a browser would."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from sqlalchemy import select

from insightrepo.models import Experiment, Measurement
from tests.conftest import csrf_token_from
from tests.experiments.helpers import MEAN, PROPORTION, QUALITATIVE  # noqa: F401  (re-exported for the tests)
from tests.html_tree import Node, html_tree, page  # noqa: F401  (re-exported for the tests)

SVG = "{http://www.w3.org/2000/svg}"


def days_ago(days: int) -> date:
    """A date ``days`` before today (the services take dates; the API tests' helper gives ISO text)."""
    return date.today() - timedelta(days=days)


def main(response) -> Node:
    return page(response).find("main")


def ok(client, url: str) -> Node:
    """GET ``url``, expect 200, and return its <main>."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return main(response)


def token(client, url: str = "/w/alpha/experiments") -> str:
    return csrf_token_from(client.get(url).get_data(as_text=True))


def post(client, url: str, data: dict | None = None, token_from: str | None = None):
    """POST as the page's form would: with a CSRF token from ``token_from`` (default: ``url``)."""
    return client.post(url, data={**(data or {}), "csrf_token": token(client, token_from or url)})


def post_on_page(client, experiment_id: str, action: str, data: dict | None = None):
    """POST one of the forms on the experiment's page (``action`` like "measurements")."""
    return post(client, f"/experiments/{experiment_id}/{action}", data, token_from=f"/experiments/{experiment_id}")


def post_forms(tree: Node) -> list[str]:
    """The actions of the page's POST forms (sign-out aside)."""
    return [(f.attrs.get("action") or "").split("#")[0] for f in tree.find_all("form")
            if (f.attrs.get("method") or "").lower() == "post" and "/logout" not in (f.attrs.get("action") or "")]


def field_error(tree: Node, field_id: str) -> str:
    """The message shown beside a form field (``<p class="error" id="…-error">``)."""
    return tree.find("p", "error", id=f"{field_id}-error").text()


def selected(tree: Node, name: str) -> list[str]:
    """The values chosen in a <select> or a group of checkboxes named ``name``."""
    select_ = tree.find_all("select", name=name)
    if select_:
        return [o.attrs.get("value") for o in select_[0].find_all("option") if "selected" in o.attrs]
    return [i.attrs.get("value") for i in tree.find_all("input", name=name) if "checked" in i.attrs]


def columns(tree: Node) -> dict[str, list[str]]:
    """The board: column heading (with its count) → the titles of its cards."""
    return {section.find("h2").text(): [card.find("h3").text() for card in section.find_all("li", "xcard")]
            for section in tree.find_all("section", "board__column")}


def card(tree: Node, experiment_id: str) -> Node:
    return tree.find("li", id=f"experiment-{experiment_id}")


def definitions(tree: Node) -> dict[str, str]:
    """A <dl>'s terms → their definitions, as text."""
    terms = [n for n in tree.iter() if n.tag in ("dt", "dd")]
    result, term = {}, None
    for node in terms:
        if node.tag == "dt":
            term = node.text()
        elif term is not None:
            result[term] = node.text()
    return result


def flashes(response) -> list[str]:
    """The messages shown at the top of the page after a redirect (success or error)."""
    return [n.text() for n in main(response).find_all("div", "alert") if n.attrs.get("role") in ("status", "alert")]


# ---- the database ------------------------------------------------------------------------

def stored(session, experiment_id: str) -> Experiment | None:
    session.expire_all()
    return session.get(Experiment, experiment_id)


def experiment_titles(session) -> list[str]:
    session.expire_all()
    return sorted(session.scalars(select(Experiment.title)))


def measurement_count(session) -> int:
    session.expire_all()
    return len(session.scalars(select(Measurement)).all())


# ---- SVG ---------------------------------------------------------------------------------

def chart_of(tree_html: str) -> ET.Element:
    """The result chart of an experiment's page, parsed as XML (it must be well-formed SVG)."""
    start = tree_html.index('<svg xmlns="http://www.w3.org/2000/svg" class="result-chart"')
    end = tree_html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(tree_html[start:end])


def svg_all(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if cls is None or cls in (e.get("class") or "").split()]


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()).strip() for e in root.iter(f"{SVG}text")]
