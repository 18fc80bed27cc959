"""participant code keys: codes compared by NFC + case folding, the same in Python and SQL

Participant codes were compared with SQL ``lower()`` on one side and Python's ``str.lower()``
on the other; SQLite's ``lower()`` leaves å, ä, ö, æ, ø alone, and PostgreSQL's follows the
server's locale, so "Ärla-01" and "ärla-01" could become two participants (and the same code
twice a 500). This adds ``participants.code_key`` — the code in Unicode NFC, case-folded —
fills it for every existing row, and makes it (not the code as typed) unique per workspace.

Existing codes that turn out to be one code under the new key (only possible through the old
bug) are all kept, with their evidence: the oldest keeps its code, each later one is renamed
"<code>~2", "<code>~3", … (the first suffix free in its workspace), and the rename is written
to the change log with its reason, so a team can see it and merge or rename by hand.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:10:00
"""
import unicodedata
import uuid
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

CODE_LENGTH = 40
WHY = "Renamed when participant codes began to ignore case and accents' encoding: another code matched it."


def _key(code: str) -> str:
    """insightrepo.models.evidence.code_key as of this revision (a migration must not follow later changes)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", code.strip()).casefold())


def upgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code_key', sa.String(length=160), nullable=True))

    bind = op.get_bind()
    participants = sa.table('participants', sa.column('id'), sa.column('workspace_id'), sa.column('code'),
                            sa.column('code_key'), sa.column('created_at'), sa.column('updated_at'),
                            sa.column('version'))
    changes = sa.table('changes', sa.column('id'), sa.column('workspace_id'), sa.column('entity'),
                       sa.column('entity_id'), sa.column('action'), sa.column('field'), sa.column('old', sa.JSON),
                       sa.column('new', sa.JSON), sa.column('at'), sa.column('why'))
    rows = bind.execute(sa.select(participants.c.id, participants.c.workspace_id, participants.c.code,
                                  participants.c.version)
                        .order_by(participants.c.workspace_id, participants.c.created_at, participants.c.id)).all()
    outbox = sa.table('search_outbox', sa.column('workspace_id'), sa.column('kind'), sa.column('ref'),
                      sa.column('created_at'), sa.column('attempts'), sa.column('error'))
    taken: dict[str, set[str]] = {}
    renamed: set[str] = set()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for row in rows:
        keys = taken.setdefault(row.workspace_id, set())
        code, key = row.code, _key(row.code)
        values = {}
        if key in keys:
            code = _free_code(row.code, keys)
            key = _key(code)
            values = {"code": code, "updated_at": now, "version": row.version + 1}
            bind.execute(sa.insert(changes).values(
                id=uuid.uuid4().hex, workspace_id=row.workspace_id, entity="participant", entity_id=row.id,
                action="update", field="code", old=row.code, new=code, at=now, why=WHY))
            renamed.add(row.workspace_id)
        keys.add(key)
        bind.execute(sa.update(participants).where(participants.c.id == row.id).values(code_key=key, **values))
    for workspace_id in sorted(renamed):  # the search index shows codes: reindex those workspaces
        bind.execute(sa.insert(outbox).values(workspace_id=workspace_id, kind="workspace", ref=workspace_id,
                                              created_at=now, attempts=0, error=""))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('code_key', existing_type=sa.String(length=160), nullable=False)
        batch_op.drop_constraint('uq_participants_workspace_id_code', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_participants_workspace_id_code_key'),
                                          ['workspace_id', 'code_key'])


def _free_code(code: str, keys: set[str]) -> str:
    n = 2
    while True:
        suffix = f"~{n}"
        candidate = code[:CODE_LENGTH - len(suffix)] + suffix
        if _key(candidate) not in keys:
            return candidate
        n += 1


def downgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_participants_workspace_id_code_key'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_participants_workspace_id_code'), ['workspace_id', 'code'])
        batch_op.drop_column('code_key')
