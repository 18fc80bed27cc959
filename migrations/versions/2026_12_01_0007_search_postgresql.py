"""search in PostgreSQL: the documents table, the workspace vocabulary and text search configurations

The two tables are created on every database, so the schema is the same everywhere; only the
PostgreSQL search adapter (search_backend = "postgresql") fills them. On PostgreSQL this also
creates, per workspace language, a text search configuration that stems with that language's
Snowball stemmer and keeps stop words ("inte bra" is not "bra") — ``insightrepo_sv`` … — and an
accent-free one (``insightrepo_sv_fold``: unaccent, then the stemmer), and the extensions they
use when the server has them and allows it: ``unaccent`` (without it the accent-free
configurations only stem, so accents matter) and ``pg_trgm`` (the trigram index behind "did you
mean"; without it the words of one first letter are compared one by one).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:05:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# workspace language → PostgreSQL's Snowball stemmer; "simple" matches words as written
LANGUAGES = {'sv': 'swedish', 'da': 'danish', 'no': 'norwegian', 'fi': 'finnish', 'de': 'german',
             'en': 'english', 'simple': None}
WORDS = 'asciiword, asciihword, hword_asciipart, word, hword, hword_part'
ACCENTED = 'word, hword, hword_part'  # the token types that can hold letters with accents


def _list():
    return postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), 'sqlite')


def _try(statement: str) -> bool:
    """Run ``statement`` in a savepoint; False (and nothing changed) if the server refuses it."""
    bind = op.get_bind()
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql(statement)
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def upgrade() -> None:
    op.create_table('search_documents',
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', _list(), nullable=False),
    sa.Column('tag_keys', _list(), nullable=False),
    sa.Column('participant', sa.String(length=64), nullable=True),
    sa.Column('participant_key', sa.String(length=64), nullable=True),
    sa.Column('sentiment', sa.String(length=16), nullable=True),
    sa.Column('marker', sa.String(length=16), nullable=True),
    sa.Column('year', sa.String(length=4), nullable=True),
    sa.Column('journey_ids', _list(), nullable=False),
    sa.Column('phase_ids', _list(), nullable=False),
    sa.Column('step_ids', _list(), nullable=False),
    sa.Column('journey_id', sa.String(length=32), nullable=True),
    sa.Column('step_id', sa.String(length=32), nullable=True),
    sa.Column('snapshot_id', sa.String(length=32), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('first_day', sa.Date(), nullable=True),
    sa.Column('snapshot_count', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('words', _list(), nullable=False),
    sa.Column('vector', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'), nullable=True),
    sa.PrimaryKeyConstraint('workspace_id', 'key', name=op.f('pk_search_documents'))
    )
    op.create_index('ix_search_documents_vector', 'search_documents', ['vector'], unique=False,
                    postgresql_using='gin')
    op.create_table('search_words',
    sa.Column('workspace_id', sa.String(length=32), nullable=False),
    sa.Column('word', sa.String(length=200), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('workspace_id', 'word', name=op.f('pk_search_words'))
    )
    if op.get_bind().dialect.name != 'postgresql':
        op.create_index('ix_search_words_word', 'search_words', ['word'], unique=False)
        return

    unaccent = _try('CREATE EXTENSION IF NOT EXISTS unaccent')
    if _try('CREATE EXTENSION IF NOT EXISTS pg_trgm'):
        op.create_index('ix_search_words_word', 'search_words', ['word'], unique=False, postgresql_using='gin',
                        postgresql_ops={'word': 'gin_trgm_ops'})
    else:
        op.create_index('ix_search_words_word', 'search_words', ['word'], unique=False)
    for code, stemmer in LANGUAGES.items():
        if stemmer:
            op.execute(f'CREATE TEXT SEARCH DICTIONARY insightrepo_{code}_stem '
                       f'(TEMPLATE = snowball, Language = {stemmer})')  # no StopWords: every word counts
        dictionary = f'insightrepo_{code}_stem' if stemmer else 'simple'
        op.execute(f'CREATE TEXT SEARCH CONFIGURATION insightrepo_{code} (COPY = simple)')
        op.execute(f'ALTER TEXT SEARCH CONFIGURATION insightrepo_{code} ALTER MAPPING FOR {WORDS} WITH {dictionary}')
        op.execute(f'CREATE TEXT SEARCH CONFIGURATION insightrepo_{code}_fold (COPY = insightrepo_{code})')
        if unaccent:
            op.execute(f'ALTER TEXT SEARCH CONFIGURATION insightrepo_{code}_fold '
                       f'ALTER MAPPING FOR {ACCENTED} WITH unaccent, {dictionary}')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for code, stemmer in LANGUAGES.items():
            op.execute(f'DROP TEXT SEARCH CONFIGURATION IF EXISTS insightrepo_{code}_fold')
            op.execute(f'DROP TEXT SEARCH CONFIGURATION IF EXISTS insightrepo_{code}')
            if stemmer:
                op.execute(f'DROP TEXT SEARCH DICTIONARY IF EXISTS insightrepo_{code}_stem')
    op.drop_index('ix_search_words_word', table_name='search_words')
    op.drop_table('search_words')
    op.drop_index('ix_search_documents_vector', table_name='search_documents')
    op.drop_table('search_documents')
