"""evidence

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:54:23.276326
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('jobs',
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('importance', sa.Integer(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('importance BETWEEN 1 AND 5', name=op.f('ck_jobs_importance')),
    sa.CheckConstraint('satisfaction BETWEEN 1 AND 5', name=op.f('ck_jobs_satisfaction')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_jobs_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('participants',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('segment', sa.String(length=200), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('interviewed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("method IN ('interview', 'observation', 'diary', 'survey', 'support_log', 'other')", name=op.f('ck_participants_method')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_participants_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('workspace_id', 'code', name=op.f('uq_participants_workspace_id_code'))
    )
    op.create_table('tags',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_tags_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('workspace_id', 'key', name=op.f('uq_tags_workspace_id_key'))
    )
    op.create_table('job_tags',
    sa.Column('job_id', sa.String(length=32), nullable=False),
    sa.Column('tag_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_tags_job_id_jobs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_job_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'tag_id', name=op.f('pk_job_tags'))
    )
    with op.batch_alter_table('job_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('narratives',
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('participant_id', sa.String(length=32), nullable=True),
    sa.Column('told_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_narratives_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_narratives_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_narratives'))
    )
    with op.batch_alter_table('narratives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_narratives_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_narratives_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('quotes',
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('participant_id', sa.String(length=32), nullable=True),
    sa.Column('collected_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('sentiment', sa.String(length=16), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("sentiment IN ('positive', 'negative', 'neutral', 'mixed')", name=op.f('ck_quotes_sentiment')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_quotes_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_quotes_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('job_phases',
    sa.Column('job_id', sa.String(length=32), nullable=False),
    sa.Column('phase_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_phases_job_id_jobs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_job_phases_phase_id_phases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'phase_id', name=op.f('pk_job_phases'))
    )
    with op.batch_alter_table('job_phases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_phases_phase_id'), ['phase_id'], unique=False)

    op.create_table('narrative_tags',
    sa.Column('narrative_id', sa.String(length=32), nullable=False),
    sa.Column('tag_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['narrative_id'], ['narratives.id'], name=op.f('fk_narrative_tags_narrative_id_narratives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_narrative_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('narrative_id', 'tag_id', name=op.f('pk_narrative_tags'))
    )
    with op.batch_alter_table('narrative_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_narrative_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('quote_tags',
    sa.Column('quote_id', sa.String(length=32), nullable=False),
    sa.Column('tag_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_quote_tags_quote_id_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_quote_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('quote_id', 'tag_id', name=op.f('pk_quote_tags'))
    )
    with op.batch_alter_table('quote_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('job_steps',
    sa.Column('job_id', sa.String(length=32), nullable=False),
    sa.Column('step_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_steps_job_id_jobs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_job_steps_step_id_steps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'step_id', name=op.f('pk_job_steps'))
    )
    with op.batch_alter_table('job_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_steps_step_id'), ['step_id'], unique=False)

    op.create_table('narrative_steps',
    sa.Column('narrative_id', sa.String(length=32), nullable=False),
    sa.Column('step_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['narrative_id'], ['narratives.id'], name=op.f('fk_narrative_steps_narrative_id_narratives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_narrative_steps_step_id_steps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('narrative_id', 'step_id', name=op.f('pk_narrative_steps'))
    )
    with op.batch_alter_table('narrative_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_narrative_steps_step_id'), ['step_id'], unique=False)

    op.create_table('quote_steps',
    sa.Column('quote_id', sa.String(length=32), nullable=False),
    sa.Column('step_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_quote_steps_quote_id_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_quote_steps_step_id_steps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('quote_id', 'step_id', name=op.f('pk_quote_steps'))
    )
    with op.batch_alter_table('quote_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_steps_step_id'), ['step_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quote_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_steps_step_id'))

    op.drop_table('quote_steps')
    with op.batch_alter_table('narrative_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_narrative_steps_step_id'))

    op.drop_table('narrative_steps')
    with op.batch_alter_table('job_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_steps_step_id'))

    op.drop_table('job_steps')
    with op.batch_alter_table('quote_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_tags_tag_id'))

    op.drop_table('quote_tags')
    with op.batch_alter_table('narrative_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_narrative_tags_tag_id'))

    op.drop_table('narrative_tags')
    with op.batch_alter_table('job_phases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_phases_phase_id'))

    op.drop_table('job_phases')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_participant_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('narratives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_narratives_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_narratives_participant_id'))

    op.drop_table('narratives')
    with op.batch_alter_table('job_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_tags_tag_id'))

    op.drop_table('job_tags')
    op.drop_table('tags')
    op.drop_table('participants')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_workspace_id'))

    op.drop_table('jobs')
