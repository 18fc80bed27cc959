"""users.map_editing, map_zoom, map_hidden_lanes: how each user reads journey maps

Edit mode (off: the map opens for reading), the zoom level (compact, normal, detailed) and the
lanes the user hides. Existing users start reading, at the normal zoom, with every lane shown.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('map_editing', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('map_zoom', sa.String(length=12), server_default='normal', nullable=False))
        batch_op.add_column(sa.Column('map_hidden_lanes', sa.String(length=200), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('map_hidden_lanes')
        batch_op.drop_column('map_zoom')
        batch_op.drop_column('map_editing')
