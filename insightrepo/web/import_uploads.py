"""CSV files waiting between "upload and preview" and "import": kept on the server.

The browser only ever holds a random id. The file and a small record of who uploaded it for
which workspace live in ``<data dir>/imports/``; an id opens its file only for that user in that
workspace. Files go after a successful import, and any left behind after a day are removed."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from insightrepo.config import current_settings

UPLOAD_ID = re.compile(r"[0-9a-f]{32}")
KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Upload:
    id: str
    filename: str
    size: int
    user_id: str
    workspace_id: str

    def read(self) -> bytes:
        return _folder().joinpath(f"{self.id}.csv").read_bytes()


def _folder() -> Path:
    folder = Path(current_settings().data_dir) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _write_private(path: Path, data: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as fh:
        fh.write(data)


def save(data: bytes, filename: str, user_id: str, workspace_id: str) -> Upload:
    prune()
    upload = Upload(secrets.token_hex(16), Path(filename or "upload.csv").name[:200], len(data), user_id, workspace_id)
    folder = _folder()
    _write_private(folder / f"{upload.id}.csv", data)
    _write_private(folder / f"{upload.id}.json", json.dumps(upload.__dict__).encode())
    return upload


def load(upload_id: str, user_id: str, workspace_id: str) -> Upload | None:
    """The upload, if ``upload_id`` names one this user made for this workspace."""
    if not UPLOAD_ID.fullmatch(upload_id or ""):
        return None
    try:
        record = json.loads((_folder() / f"{upload_id}.json").read_text())
        upload = Upload(**record)
    except (OSError, ValueError, TypeError):
        return None
    if upload.user_id != user_id or upload.workspace_id != workspace_id:
        return None
    if not (_folder() / f"{upload_id}.csv").exists():
        return None
    return upload


def discard(upload: Upload) -> None:
    for suffix in (".csv", ".json"):
        (_folder() / f"{upload.id}{suffix}").unlink(missing_ok=True)


def prune(now: float | None = None) -> None:
    """Remove uploads older than a day (abandoned previews)."""
    cutoff = (now or time.time()) - KEEP_SECONDS
    for path in _folder().iterdir():
        if path.suffix in (".csv", ".json") and UPLOAD_ID.fullmatch(path.stem):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
            except OSError:
                continue
