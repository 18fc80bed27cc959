"""Where the resource folders (templates, static, migrations, config) are.

In a source checkout they sit beside the package; an installed wheel ships them in
``insightrepo/share/`` (see ``[tool.hatch.build.targets.wheel.force-include]``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    shipped = PACKAGE_DIR / "share" / name
    if shipped.is_dir():
        return shipped
    return PACKAGE_DIR.parent / name
