"""A step's fields are spelled once (insightrepo.journeys.fields.STEP): the places that must declare
them with their types — the model's columns, a frozen step, the API's schemas, the step form — say
the same names, so a new field added to STEP but forgotten in one of them fails here."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from insightrepo.api.schemas.journeys import StepFieldsSchema, StepSchema
from insightrepo.journeys.fields import STEP, STEP_CELLS, STEP_COLUMNS, STEP_NAMES, STEP_SEARCHED
from insightrepo.models import Step
from insightrepo.timeline.frozen_map import FrozenStep

PLACE = ("id", "phase_id", "position")


def test_the_model_holds_exactly_the_columns_the_fields_name():
    assert [c.name for c in Step.__table__.columns] == [*PLACE, *STEP_COLUMNS, "version"]


def test_a_frozen_step_reads_through_the_same_column_names():
    assert [f.name for f in dataclass_fields(FrozenStep)] == [*PLACE, *STEP_COLUMNS, "evidence", "version"]


def test_the_api_sends_and_takes_the_fields_by_their_names():
    assert list(StepSchema().fields) == [*PLACE, *STEP_NAMES, "version"]
    assert list(StepFieldsSchema().fields) == [*STEP_NAMES, "position"]


def test_cells_and_searched_columns_are_columns_of_their_field():
    for field in STEP:
        assert set(field.in_place) <= set(field.columns) and set(field.searched) <= set(field.columns), field.name
    assert set(STEP_CELLS) <= set(STEP_COLUMNS) and set(STEP_SEARCHED) <= set(STEP_COLUMNS)
