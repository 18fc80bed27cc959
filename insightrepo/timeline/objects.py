"""Content-addressed storage: canonical JSON, hashed with SHA-256, zlib-compressed, stored once."""

from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from insightrepo.models import SnapshotObject
from insightrepo.errors import Corrupt


def canonical(body: Any) -> bytes:
    """One byte sequence per value: sorted keys, no spaces, UTF-8, dates as ISO strings."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def object_hash(kind: str, body: Any) -> str:
    return _digest(kind, canonical(body))


def _digest(kind: str, raw: bytes) -> str:
    return hashlib.sha256(kind.encode() + b"\0" + raw).hexdigest()


def object_problem(digest: str, kind: str, data: bytes) -> str | None:
    """Why the stored object ``digest`` cannot be trusted, or None when its content is what its
    hash says (the hash covers the kind and the canonical bytes, so any rewrite shows)."""
    try:
        raw = zlib.decompress(data)
    except zlib.error:
        return "its stored data is not readable"
    if _digest(kind, raw) != digest:
        return "its content does not match its hash"
    return None


def opened(digest: str, kind: str, data: bytes) -> Any:
    """The body of a stored object, checked against its hash first: a forged or damaged object
    is refused (Corrupt), never served as if it were the snapshot's."""
    if object_problem(digest, kind, data) is not None:
        raise corrupt([digest])
    return json.loads(zlib.decompress(data))


def corrupt(digests: list[str]) -> Corrupt:
    return Corrupt(f"Snapshot content failed its integrity check ({len(digests)} stored object(s) do not match "
                   "their hash), so it is not shown. An administrator can run `insightrepo timeline check` to see "
                   "what is affected, and restore the database from a backup.", {"objects": digests[:20]})


class ObjectStore:
    """Reads and writes objects within one session; counts the bytes a write adds."""

    def __init__(self, session: Session):
        self.session = session
        self.bytes_added = 0
        self._cache: dict[str, Any] = {}

    def put_many(self, objects: dict[str, tuple[str, Any]]) -> None:
        """Store the objects (hash → (kind, body)) that are not stored yet."""
        hashes = list(objects)
        existing: set[str] = set()
        for start in range(0, len(hashes), 500):
            existing |= set(self.session.scalars(
                select(SnapshotObject.hash).where(SnapshotObject.hash.in_(hashes[start:start + 500]))))
        for digest in hashes:
            if digest in existing:
                continue
            kind, body = objects[digest]
            data = zlib.compress(canonical(body), 6)
            self.bytes_added += len(data) + len(digest) + len(kind)
            self.session.add(SnapshotObject(hash=digest, kind=kind, data=data))
            self._cache[digest] = body

    def get(self, digest: str) -> Any:
        if digest not in self._cache:
            self.get_many([digest])
        return self._cache[digest]

    def get_many(self, hashes: list[str]) -> dict[str, Any]:
        wanted = [h for h in dict.fromkeys(hashes) if h not in self._cache]
        for start in range(0, len(wanted), 500):
            for row in self.session.execute(select(SnapshotObject.hash, SnapshotObject.kind, SnapshotObject.data)
                                            .where(SnapshotObject.hash.in_(wanted[start:start + 500]))):
                self._cache[row.hash] = opened(row.hash, row.kind, row.data)
        missing = [h for h in hashes if h not in self._cache]
        if missing:
            raise LookupError(f"snapshot objects missing: {missing[:3]}")
        return {h: self._cache[h] for h in hashes}
