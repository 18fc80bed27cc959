"""experiments: hypotheses against journey steps, their measurements and verdicts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:14:36.303130
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('experiments',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('hypothesis', sa.Text(), nullable=False),
    sa.Column('criterion', sa.Text(), nullable=False),
    sa.Column('metric_name', sa.String(length=200), nullable=False),
    sa.Column('metric_kind', sa.String(length=16), nullable=False),
    sa.Column('metric_unit', sa.String(length=40), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('minimum_effect', sa.Double(), nullable=True),
    sa.Column('design', sa.String(length=16), nullable=False),
    sa.Column('owner', sa.String(length=120), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('verdict', sa.String(length=16), nullable=True),
    sa.Column('verdict_reason', sa.Text(), nullable=False),
    sa.Column('learning_observed', sa.Text(), nullable=False),
    sa.Column('learning_learned', sa.Text(), nullable=False),
    sa.Column('learning_next', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("design IN ('randomised', 'before_after')", name=op.f('ck_experiments_design')),
    sa.CheckConstraint("direction IN ('increase', 'decrease')", name=op.f('ck_experiments_direction')),
    sa.CheckConstraint("metric_kind IN ('proportion', 'mean', 'qualitative')", name=op.f('ck_experiments_metric_kind')),
    sa.CheckConstraint("status IN ('draft', 'running', 'concluded', 'abandoned')", name=op.f('ck_experiments_status')),
    sa.CheckConstraint("verdict IN ('supported', 'refuted', 'inconclusive')", name=op.f('ck_experiments_verdict')),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_experiments_job_id_jobs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_experiments_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiments'))
    )
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiments_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_experiments_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('experiment_narratives',
    sa.Column('experiment_id', sa.String(length=32), nullable=False),
    sa.Column('narrative_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_experiment_narratives_experiment_id_experiments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['narrative_id'], ['narratives.id'], name=op.f('fk_experiment_narratives_narrative_id_narratives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('experiment_id', 'narrative_id', name=op.f('pk_experiment_narratives'))
    )
    with op.batch_alter_table('experiment_narratives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiment_narratives_narrative_id'), ['narrative_id'], unique=False)

    op.create_table('experiment_quotes',
    sa.Column('experiment_id', sa.String(length=32), nullable=False),
    sa.Column('quote_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_experiment_quotes_experiment_id_experiments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_experiment_quotes_quote_id_quotes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('experiment_id', 'quote_id', name=op.f('pk_experiment_quotes'))
    )
    with op.batch_alter_table('experiment_quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiment_quotes_quote_id'), ['quote_id'], unique=False)

    op.create_table('measurements',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('experiment_id', sa.String(length=32), nullable=False),
    sa.Column('group', sa.String(length=16), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('successes', sa.Integer(), nullable=True),
    sa.Column('trials', sa.Integer(), nullable=True),
    sa.Column('n', sa.Integer(), nullable=True),
    sa.Column('mean', sa.Double(), nullable=True),
    sa.Column('sd', sa.Double(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("\"group\" IN ('baseline', 'follow_up', 'control', 'variant')", name=op.f('ck_measurements_group')),
    sa.CheckConstraint('n >= 1 AND sd >= 0', name=op.f('ck_measurements_summary')),
    sa.CheckConstraint('successes >= 0 AND trials >= 1 AND successes <= trials', name=op.f('ck_measurements_counts')),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_measurements_experiment_id_experiments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measurements'))
    )
    with op.batch_alter_table('measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measurements_experiment_id'), ['experiment_id'], unique=False)

    op.create_table('experiment_steps',
    sa.Column('experiment_id', sa.String(length=32), nullable=False),
    sa.Column('step_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_experiment_steps_experiment_id_experiments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_experiment_steps_step_id_steps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('experiment_id', 'step_id', name=op.f('pk_experiment_steps'))
    )
    with op.batch_alter_table('experiment_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiment_steps_step_id'), ['step_id'], unique=False)

    op.create_table('measurement_quotes',
    sa.Column('measurement_id', sa.String(length=32), nullable=False),
    sa.Column('quote_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['measurement_id'], ['measurements.id'], name=op.f('fk_measurement_quotes_measurement_id_measurements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_measurement_quotes_quote_id_quotes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measurement_id', 'quote_id', name=op.f('pk_measurement_quotes'))
    )
    with op.batch_alter_table('measurement_quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measurement_quotes_quote_id'), ['quote_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('measurement_quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measurement_quotes_quote_id'))

    op.drop_table('measurement_quotes')
    with op.batch_alter_table('experiment_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiment_steps_step_id'))

    op.drop_table('experiment_steps')
    with op.batch_alter_table('measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measurements_experiment_id'))

    op.drop_table('measurements')
    with op.batch_alter_table('experiment_quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiment_quotes_quote_id'))

    op.drop_table('experiment_quotes')
    with op.batch_alter_table('experiment_narratives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiment_narratives_narrative_id'))

    op.drop_table('experiment_narratives')
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiments_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_experiments_job_id'))

    op.drop_table('experiments')
