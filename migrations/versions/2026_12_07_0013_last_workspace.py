"""users.last_workspace_id: the workspace whose page a user saw last, where signing in lands

Nullable; deleting the workspace empties it. Existing users start without one (they land on
their first workspace, as before, until they open a workspace's page).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_workspace_id', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_last_workspace_id_workspaces'), 'workspaces',
                                    ['last_workspace_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_last_workspace_id_workspaces'), type_='foreignkey')
        batch_op.drop_column('last_workspace_id')
