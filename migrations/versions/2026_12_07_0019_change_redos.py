"""change_undos.redo: whether a taking-back was an undo or a redo

``change_undos`` pairs an action with the action that took it back. A redo takes back an undo (so the
undone change is made again) and is itself an action one may undo; undoing a redo is an undo again.
The flag tells the two apart without walking the chain. Existing rows were all undos.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 17:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('change_undos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redo', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('change_undos', schema=None) as batch_op:
        batch_op.drop_column('redo')
