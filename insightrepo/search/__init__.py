"""Search: the port (port.py — its contract is in that module's docstring), the documents built
from the database (documents.py, history.py), the Whoosh adapter (whoosh_*.py), the outbox that
keeps the index true (outbox.py, sync.py), the query service (searching.py), and `check` /
`reindex` (maintenance.py)."""
