#!/usr/bin/env python3
"""Vendor the map's one JavaScript library into static/vendor/ from the npm registry, pinned.

    python scripts/vendor_js.py

Downloads the package with ``npm pack`` (the registry's tarball, checked against its integrity
hash by npm), and copies the minified file, its licence and a VERSION note into
static/vendor/<name>/. Nothing is fetched at run time: the files are committed."""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    # name: (version, files to keep from the package → their name in static/vendor/<name>/)
    "sortablejs": ("1.15.7", {"package/Sortable.min.js": "Sortable.min.js", "package/LICENSE": "LICENSE"}),
}


def vendor(name: str, version: str, files: dict[str, str]) -> None:
    target = ROOT / "static" / "vendor" / name
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        out = subprocess.run(["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", work],
                             check=True, capture_output=True, text=True, cwd=work).stdout
        packed = json.loads(out)[0]
        with tarfile.open(Path(work) / packed["filename"]) as tar:
            for member, saved in files.items():
                (target / saved).write_bytes(tar.extractfile(member).read())
    (target / "VERSION").write_text(f"{name} {version} from the npm registry (npm pack)\n"
                                    f"integrity {packed['integrity']}\n")
    print(f"{name} {version} → {target.relative_to(ROOT)}")


if __name__ == "__main__":
    for package, (pinned, wanted) in PACKAGES.items():
        vendor(package, pinned, wanted)
