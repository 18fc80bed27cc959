"""search_progress: how far the search index has caught up with a workspace's outbox backlog

One row per workspace while its outbox holds rows: the rows applied since the backlog began
(the search page and API say "indexing N of M"). Nothing to carry over: it starts empty.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'search_progress',
        sa.Column('workspace_id', sa.String(length=32), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('workspace_id', name=op.f('pk_search_progress')),
    )


def downgrade() -> None:
    op.drop_table('search_progress')
