"""One way to confirm a destructive action, without JavaScript: the action's URL answers a GET —
or a POST that lacks ``confirmed=yes`` — with a confirmation page saying what goes, what is
unlinked and what stays; only that page's form, which sends ``confirmed=yes``, does it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request


@dataclass(frozen=True)
class Affected:
    """One group of things a deletion takes along or unlinks: "Unlinked from 2 quotes" + their names."""

    heading: str
    items: list[tuple[str, str | None]] = field(default_factory=list)  # (text, link or None)


def confirmed() -> bool:
    """A POST sent by the confirmation page (its CSRF token is checked by CSRFProtect)."""
    return request.method == "POST" and request.form.get("confirmed") == "yes"


def confirmation(*, workspace, question: str, action: str, back: str, button: str,
                 affected: list[Affected] = (), stays: str = "", carry: dict[str, str] | None = None):
    """The confirmation page: ``question`` as its heading, what is ``affected``, what ``stays``;
    its form posts ``carry`` (the original form's choices) and ``confirmed=yes`` to ``action``.
    ``workspace`` is None for what belongs to the account rather than a workspace (API tokens)."""
    return render_template("confirm.html", workspace=workspace, question=question, action=action, back=back,
                           button=button, affected=[a for a in affected if a.items], stays=stays,
                           carry=carry or {})
