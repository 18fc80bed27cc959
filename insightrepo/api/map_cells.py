"""Editing the map in place (static/map.js): one cell at a time, answered with the cell as the map
draws it (and the emotion curve when the edit moves it), so the page updates without a reload.
Adding, moving and deleting steps and phases use the ordinary step and phase routes."""

from __future__ import annotations

from flask import render_template
from flask_smorest import Blueprint
from marshmallow import fields

from insightrepo.api.auth import actor
from insightrepo.api.schemas.common import ErrorSchema, StrictSchema
from insightrepo.db import current_session
from insightrepo.i18n import in_language, reader_locale
from insightrepo.journeys import journeys
from insightrepo.journeys.map_cells import cell_value, edit_phase_cell, edit_step_cell
from insightrepo.journeys.map_view import view_of
from insightrepo.web.emotion_curve import ZOOM_WIDTHS, build_curve
from insightrepo.web.map_cell_html import cell

blp = Blueprint("api-map-cells", __name__, description="The map's cells, edited in place")

# what else an edit of a field changes on the map (the marker shows beside the thought)
ALSO_CHANGES = {"marker": ("thoughts",)}
MOVES_THE_CURVE = {"title", "emotion", "marker", "moment_title"}


class CellEditSchema(StrictSchema):
    value = fields.Raw(required=True, allow_none=True, metadata={"description": "the field's new value"})
    version = fields.Integer(required=True, metadata={"description": "the version the edit is based on"})


class CellSchema(StrictSchema):
    id = fields.String()
    field = fields.String()
    value = fields.Raw(allow_none=True)
    version = fields.Integer()
    cells = fields.Dict(keys=fields.String(), values=fields.String(),
                        metadata={"description": "field → the cell's HTML as the map shows it"})
    curve = fields.String(allow_none=True, metadata={"description": "the map's emotion curve (SVG), when it moved"})
    curve_values = fields.List(fields.String(), allow_none=True, metadata={
        "description": "the curve as text, one line per step (the list beside the map), when it moved"})


@blp.route("/steps/<step_id>/cells/<field>", methods=["PATCH"])
@blp.arguments(CellEditSchema)
@blp.response(200, CellSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Stale version: `details.current_value` is theirs")
@blp.alt_response(422, schema=ErrorSchema)
def edit_step(data, step_id, field):
    """Set one field of a step (title, action, touchpoint, need, thoughts, emotion, marker, moment_title,
    owner, backstage_people, backstage_policies, backstage_systems, employee_emotion)."""
    session = current_session()
    step = edit_step_cell(session, actor(), step_id, field, data["value"], data["version"])
    shown = (field, *ALSO_CHANGES.get(field, ()))
    curve = curve_values = None
    # The cells and the curve go into the reader's page: in the page's language, not the API's English.
    with in_language(reader_locale()):
        if field in MOVES_THE_CURVE:
            journey = journeys.get_journey(session, actor(), step.phase.journey_id)
            width = ZOOM_WIDTHS[view_of(actor()).zoom]
            built = build_curve(journey, column_width=width)
            curve = render_template("journeys/_curve.svg", curve=built, standalone=False, prefix="map-curve",
                                    step_ids=True)
            curve_values = [point.label for point in built.points]
        cells = {name: str(cell(name, step)) for name in shown}
    return {"id": step.id, "field": field, "value": cell_value(step, field), "version": step.version,
            "cells": cells, "curve": curve, "curve_values": curve_values}


@blp.route("/phases/<phase_id>/cells/<field>", methods=["PATCH"])
@blp.arguments(CellEditSchema)
@blp.response(200, CellSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Stale version: `details.current_value` is theirs")
@blp.alt_response(422, schema=ErrorSchema)
def edit_phase(data, phase_id, field):
    """Set one field of a phase (title, goal)."""
    session = current_session()
    phase = edit_phase_cell(session, actor(), phase_id, field, data["value"], data["version"])
    return {"id": phase.id, "field": field, "value": cell_value(phase, field), "version": phase.version,
            "cells": {}, "curve": None, "curve_values": None}
