"""undo and share links: changes.group_id, change_undos, share_links, share_link_accesses

``changes.group_id`` names the one user action (a request) that wrote a row, so an undo takes back
one action; existing rows have none and cannot be undone. ``change_undos`` records which action an
undo took back (an action is undone once). ``share_links`` are read-only links to one snapshot
(only the SHA-256 of the token is stored); ``share_link_accesses`` logs each visit through one.

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-07 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_changes_group_id'), ['group_id'], unique=False)

    op.create_table('change_undos',
    sa.Column('group_id', sa.String(length=32), nullable=False),
    sa.Column('undo_group_id', sa.String(length=32), nullable=False),
    sa.Column('journey_id', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['journey_id'], ['journeys.id'], name=op.f('fk_change_undos_journey_id_journeys'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_change_undos_actor_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_change_undos'))
    )
    with op.batch_alter_table('change_undos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_undos_journey_id'), ['journey_id'], unique=False)

    op.create_table('share_links',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('journey_id', sa.String(length=32), nullable=False),
    sa.Column('snapshot_id', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_share_links_workspace_id_workspaces'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['journey_id'], ['journeys.id'], name=op.f('fk_share_links_journey_id_journeys'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshots.id'], name=op.f('fk_share_links_snapshot_id_snapshots'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_share_links_created_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_share_links_token_hash'))
    )
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_links_journey_id'), ['journey_id'], unique=False)

    op.create_table('share_link_accesses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('share_link_id', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('page', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['share_link_id'], ['share_links.id'],
                            name=op.f('fk_share_link_accesses_share_link_id_share_links'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_link_accesses'))
    )
    with op.batch_alter_table('share_link_accesses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_link_accesses_share_link_id'), ['share_link_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('share_link_accesses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_link_accesses_share_link_id'))
    op.drop_table('share_link_accesses')
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_links_journey_id'))
    op.drop_table('share_links')
    with op.batch_alter_table('change_undos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_undos_journey_id'))
    op.drop_table('change_undos')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_changes_group_id'))
        batch_op.drop_column('group_id')
