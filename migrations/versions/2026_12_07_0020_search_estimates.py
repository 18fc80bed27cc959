"""search estimates: the samples in every PostgreSQL search document, and an index by date

A search of the PostgreSQL adapter with more hits than ``search_estimate_above`` estimates its
total and facets from a sample of them (insightrepo.search.postgresql.index). Each document's
vector now holds one lexeme per sample it is in — ``=sample:512``, ``=sample:64``, ``=sample:8``,
``=sample:2``, picked by the key's MD5 as insightrepo.search.postgresql.query.samples picks them
for new documents — added here to the documents already indexed. And a page of many hits by date
is read along ``ix_search_documents_day`` (workspace, scope, newest first) instead of sorting
every hit.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 17:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# query.SAMPLE_BUCKETS and query.SAMPLES as this revision knows them
BUCKETS = 512
SAMPLES = (512, 64, 8, 2)
_BUCKET = ("((get_byte(decode(md5(key), 'hex'), 0) * 256 + get_byte(decode(md5(key), 'hex'), 1)) % "
           f"{BUCKETS})")


def _samples() -> str:
    """The sample lexemes of a row, as a text[] expression (empty entries dropped)."""
    parts = ", ".join(f"CASE WHEN {_BUCKET} < {BUCKETS // share} THEN '=sample:{share}' END" for share in SAMPLES)
    return f"array_remove(ARRAY[{parts}], NULL)"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    newest_first = 'day DESC NULLS LAST' if postgresql else 'day DESC'  # SQLite has no NULLS LAST here
    op.create_index('ix_search_documents_day', 'search_documents',
                    ['workspace_id', 'scope', sa.text(newest_first), 'key'], unique=False)
    if postgresql:
        op.execute(f"UPDATE search_documents SET vector = vector || array_to_tsvector({_samples()}) "
                   f"WHERE {_BUCKET} < {BUCKETS // SAMPLES[-1]}")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("UPDATE search_documents SET vector = ts_delete(vector, "
                   f"ARRAY[{', '.join(repr(f'=sample:{share}') for share in SAMPLES)}]) "
                   f"WHERE {_BUCKET} < {BUCKETS // SAMPLES[-1]}")
    op.drop_index('ix_search_documents_day', table_name='search_documents')
