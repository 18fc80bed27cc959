"""Experiments, their statuses, measurements and results."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from insightrepo.api.auth import actor
from insightrepo.api.schemas.experiments import (
    ExperimentCreateSchema,
    ExperimentListArgsSchema,
    ExperimentPageSchema,
    ExperimentPatchSchema,
    ExperimentSchema,
    MeasurementCreateSchema,
    MeasurementPatchSchema,
    MeasurementSchema,
    ResultSchema,
    StatusChangeSchema,
)
from insightrepo.api.schemas.common import ErrorSchema, PageArgsSchema, page_of
from insightrepo.db import current_session
from insightrepo.experiments import experiments, measurements
from insightrepo.experiments.results import experiment_result

blp = Blueprint("api-experiments", __name__,
                description="Experiments: a solution's hypothesis against journey steps, measurements and verdicts")


@blp.route("/workspaces/<slug>/experiments")
class Experiments(MethodView):
    @blp.arguments(ExperimentListArgsSchema, location="query")
    @blp.response(200, ExperimentPageSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, args, slug):
        """The workspace's experiments, filtered by status, step or journey."""
        session = current_session()
        page = experiments.list_experiments(session, actor(), slug, args, args["page"], args["per_page"])
        return page.__dict__

    @blp.arguments(ExperimentCreateSchema)
    @blp.response(201, ExperimentSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    @blp.alt_response(422, schema=ErrorSchema)
    def post(self, data, slug):
        """Log an experiment (a draft); the hypothesis is written as a Test Card unless you send one."""
        session = current_session()
        return experiments.create_experiment(session, actor(), slug, data)


@blp.route("/experiments/<experiment_id>")
class ExperimentItem(MethodView):
    @blp.response(200, ExperimentSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, experiment_id):
        """One experiment with its measurements."""
        session = current_session()
        return experiments.experiment_for(session, actor(), experiment_id)

    @blp.arguments(ExperimentPatchSchema)
    @blp.response(200, ExperimentSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version, or a change measurements forbid")
    def patch(self, data, experiment_id):
        """Edit an experiment; once concluded, also its verdict (an override needs `verdict_reason`)."""
        version = data.pop("version")
        session = current_session()
        return experiments.update_experiment(session, actor(), experiment_id, version, data)

    @blp.response(204)
    @blp.alt_response(404, schema=ErrorSchema)
    def delete(self, experiment_id):
        """Delete an experiment and its measurements (the steps and evidence stay)."""
        session = current_session()
        experiments.delete_experiment(session, actor(), experiment_id)


@blp.route("/experiments/<experiment_id>/status", methods=["POST"])
@blp.arguments(StatusChangeSchema)
@blp.response(200, ExperimentSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Not a move this status allows")
def change_status(data, experiment_id):
    """draft → running → concluded, or → abandoned; `on` dates the move (default today)."""
    session = current_session()
    return experiments.change_status(session, actor(), experiment_id, data)


@blp.route("/experiments/<experiment_id>/measurements", methods=["POST"])
@blp.arguments(MeasurementCreateSchema)
@blp.response(201, MeasurementSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The experiment is concluded or abandoned")
@blp.alt_response(422, schema=ErrorSchema)
def add_measurement(data, experiment_id):
    """Record a measurement: successes/trials for a proportion, n/mean/sd for a mean, or a note."""
    session = current_session()
    return measurements.add_measurement(session, actor(), experiment_id, data)


@blp.route("/measurements/<measurement_id>")
class MeasurementItem(MethodView):
    @blp.response(200, MeasurementSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, measurement_id):
        """One measurement."""
        session = current_session()
        return measurements.measurement_for(session, actor(), measurement_id)

    @blp.arguments(MeasurementPatchSchema)
    @blp.response(200, MeasurementSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Stale version, or the experiment is closed")
    def patch(self, data, measurement_id):
        """Correct a measurement."""
        version = data.pop("version")
        session = current_session()
        return measurements.update_measurement(session, actor(), measurement_id, version, data)

    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description="The experiment is closed")
    def delete(self, measurement_id):
        """Delete a measurement of an open experiment."""
        session = current_session()
        measurements.delete_measurement(session, actor(), measurement_id)


@blp.route("/experiments/<experiment_id>/result")
@blp.response(200, ResultSchema)
@blp.alt_response(404, schema=ErrorSchema)
def result(experiment_id):
    """The groups, the difference with its 95 % interval, the test, p-value, suggested verdict and,
    when inconclusive, the sample size per group that would detect the minimum effect."""
    session = current_session()
    return experiment_result(experiments.experiment_for(session, actor(), experiment_id))


@blp.route("/steps/<step_id>/experiments")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, ExperimentPageSchema)
@blp.alt_response(404, schema=ErrorSchema)
def step_experiments(args, step_id):
    """The experiments that target a step, oldest first."""
    session = current_session()
    return page_of(experiments.experiments_for_step(session, actor(), step_id), args)
