"""timeline

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 08:08:00.111918
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('snapshot_objects',
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('hash', name=op.f('pk_snapshot_objects'))
    )
    op.create_table('changes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('journey_id', sa.String(length=32), nullable=True),
    sa.Column('entity', sa.String(length=16), nullable=False),
    sa.Column('entity_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=True),
    sa.Column('old', sa.JSON(), nullable=True),
    sa.Column('new', sa.JSON(), nullable=True),
    sa.Column('actor_id', sa.String(length=32), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_changes_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changes'))
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_changes_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_changes_journey_id'), ['journey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_changes_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('snapshots',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('journey_id', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('root', sa.String(length=64), nullable=False),
    sa.Column('bytes_added', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_snapshots_created_by_id_users')),
    sa.ForeignKeyConstraint(['journey_id'], ['journeys.id'], name=op.f('fk_snapshots_journey_id_journeys')),
    sa.ForeignKeyConstraint(['root'], ['snapshot_objects.hash'], name=op.f('fk_snapshots_root_snapshot_objects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_snapshots'))
    )
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snapshots_journey_id'), ['journey_id'], unique=False)

    _make_immutable("snapshots")
    _make_immutable("snapshot_objects")



def downgrade() -> None:
    _drop_immutable("snapshots")
    _drop_immutable("snapshot_objects")
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snapshots_journey_id'))

    op.drop_table('snapshots')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_changes_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_changes_journey_id'))
        batch_op.drop_index(batch_op.f('ix_changes_entity_id'))
        batch_op.drop_index(batch_op.f('ix_changes_at'))

    op.drop_table('changes')
    op.drop_table('snapshot_objects')


# Snapshots are immutable at the database too: any UPDATE or DELETE of their rows fails.
def _make_immutable(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION insightrepo_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'snapshots are immutable (% on %)', TG_OP, TG_TABLE_NAME; END; "
            "$$ LANGUAGE plpgsql"
        )
        op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION insightrepo_refuse_change()")
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, 'snapshots are immutable ({action} on {table})'); END")


def _drop_immutable(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        if table == "snapshot_objects":
            op.execute("DROP FUNCTION IF EXISTS insightrepo_refuse_change()")
    else:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
