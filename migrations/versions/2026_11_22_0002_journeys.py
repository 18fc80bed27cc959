"""journeys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:38:49.909019
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('journeys',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('persona', sa.String(length=200), nullable=False),
    sa.Column('owner', sa.String(length=120), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('hypothesis', 'researched')", name=op.f('ck_journeys_kind')),
    sa.CheckConstraint("scope IN ('whole', 'episode')", name=op.f('ck_journeys_scope')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_journeys_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journeys'))
    )
    with op.batch_alter_table('journeys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journeys_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('phases',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('journey_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['journey_id'], ['journeys.id'], name=op.f('fk_phases_journey_id_journeys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phases'))
    )
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phases_journey_id'), ['journey_id'], unique=False)

    op.create_table('steps',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('phase_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('touchpoint', sa.String(length=200), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('direct', sa.Boolean(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('thoughts', sa.Text(), nullable=False),
    sa.Column('emotion', sa.Integer(), nullable=True),
    sa.Column('marker', sa.String(length=16), nullable=True),
    sa.Column('moment_title', sa.String(length=200), nullable=True),
    sa.Column('moment_description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=120), nullable=False),
    sa.Column('backstage_people', sa.Text(), nullable=False),
    sa.Column('backstage_policies', sa.Text(), nullable=False),
    sa.Column('backstage_systems', sa.Text(), nullable=False),
    sa.Column('employee_emotion', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("marker IN ('heart', 'thundercloud')", name=op.f('ck_steps_marker')),
    sa.CheckConstraint('emotion BETWEEN -2 AND 2', name=op.f('ck_steps_emotion')),
    sa.CheckConstraint('employee_emotion BETWEEN -2 AND 2', name=op.f('ck_steps_employee_emotion')),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_steps_phase_id_phases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_steps'))
    )
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_phase_id'), ['phase_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_steps_phase_id'))

    op.drop_table('steps')
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phases_journey_id'))

    op.drop_table('phases')
    with op.batch_alter_table('journeys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journeys_workspace_id'))

    op.drop_table('journeys')
