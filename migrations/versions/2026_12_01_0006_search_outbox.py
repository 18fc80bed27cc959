"""search outbox: index work written in the same transaction as the data

Every existing workspace gets one "workspace" row, so a database upgraded from a version
without search has its index built by the first drain (`insightrepo init`, or start-up).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_outbox_workspace_id'), ['workspace_id'], unique=False)

    op.execute(
        "INSERT INTO search_outbox (workspace_id, kind, ref, created_at, attempts, error) "
        "SELECT id, 'workspace', id, CURRENT_TIMESTAMP, 0, '' FROM workspaces"
    )


def downgrade() -> None:
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_outbox_workspace_id'))

    op.drop_table('search_outbox')
