"""users.locale: the interface language a user chose (en, sv, da, nb, fi)

Nullable: existing users keep following their browser's Accept-Language, then the workspace's
language, as before they chose.

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-07 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
