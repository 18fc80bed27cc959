"""Search in the browser: the header's search box and the results page, with facets, filters as
removable chips, highlighted snippets and links to each item in its map or snapshot."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask import session as browser_session
from flask_login import current_user, login_required

from insightrepo.i18n import gettext
from insightrepo.db import current_session
from insightrepo.search import searching
from insightrepo.search.engine import current_search
from insightrepo.search.port import TYPES
from insightrepo.evidence import library_page
from insightrepo.workspaces.access import can_edit, workspace_for
from insightrepo.workspaces.workspaces import list_workspaces
from insightrepo.web.navigation import CURRENT_WORKSPACE_KEY
from insightrepo.web.search_args import read_args
from insightrepo.web.search_links import item_url, map_url

bp = Blueprint("search", __name__)


@bp.route("/w/<slug>/search")
@login_required
def results(slug: str):
    args = read_args(slug, request.args)
    session = current_session()
    workspace = workspace_for(session, current_user, slug)
    found = None if args.request is None else searching.search(
        session, current_user, current_search(), slug, args.request)
    quotes_found = found is not None and any(h.type == "quote" and h.scope == "live" for h in found.results.hits)
    link_journeys = library_page.form_choices(session, current_user, slug).journeys \
        if quotes_found and can_edit(session, current_user, workspace) else []
    return render_template("search/results.html", workspace=workspace, args=args, found=found, types=TYPES,
                           item_url=item_url, map_url=map_url,
                           link_journeys=link_journeys), 200 if found is not None else 422


@bp.route("/search")
@login_required
def anywhere():
    """The search box on a page outside any workspace: search the one last visited, or the first."""
    session = current_session()
    mine = [w.slug for w, _ in list_workspaces(session, current_user)]
    slug = browser_session.get(CURRENT_WORKSPACE_KEY)
    slug = slug if slug in mine else (mine[0] if mine else None)
    if slug is None:
        flash(gettext("Join or create a workspace first: search looks inside one."), "error")
        return redirect(url_for("workspaces.home"))
    return redirect(url_for("search.results", slug=slug, **request.args.to_dict(flat=False)))
