"""The documentation keeps up with the code (as Datasette's tests/test_docs.py does).

- every module of ``dashboard/`` and ``components/`` is named in ``docs/architecture.md``;
- every setting of ``Settings`` is in README's settings table, by its variable name;
- every page registered with Dash Pages is in README's page table.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from dashboard.infra.config import Settings

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _modules() -> list[str]:
    out = []
    for package in ("dashboard", "components"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            out.append(rel.removesuffix("__init__.py") if path.name == "__init__.py" else rel)
    return out


@pytest.mark.parametrize("module", _modules())
def test_every_module_is_in_the_architecture_doc(module: str) -> None:
    assert f"`{module}`" in ARCHITECTURE, f"docs/architecture.md does not name {module}"


def _env_name(field: str) -> str:
    return {"debug": "DASH_DEBUG"}.get(field, field.upper())


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Settings)])
def test_every_setting_is_in_the_readme(field: str) -> None:
    assert f"`{_env_name(field)}`" in README, f"README's settings table lacks {_env_name(field)}"


def test_every_page_is_in_the_readme() -> None:
    paths = set()
    for path in (ROOT / "layouts").glob("*.py"):
        paths |= set(re.findall(r'register_page\([^)]*path="([^"]+)"', path.read_text(encoding="utf-8")))
    assert paths, "no pages found"
    missing = [p for p in sorted(paths) if f"`{p}" not in README]
    assert missing == [], f"README's page table lacks {missing}"
