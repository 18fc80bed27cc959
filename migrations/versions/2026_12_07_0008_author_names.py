"""author names: snapshots and changes restored from a backup keep their authors as names

A backup names the authors of snapshots and changes by email. A restore no longer links those
emails to this database's accounts (a file anyone may import must not make an account the author
of anything): it keeps them as names, ``snapshots.created_by_name`` and ``changes.actor_name``.
Only the operator links them (`insightrepo import workspace FILE --link-accounts`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 03:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_name', sa.String(length=254), nullable=True))
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_name', sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_column('actor_name')
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.drop_column('created_by_name')
