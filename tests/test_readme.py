"""The README stays true: its commands exist and its table docs match the schemas."""

from __future__ import annotations

import re

from analysis.config import PROJ_ROOT
from analysis.schemas import TABLES

README = (PROJ_ROOT / "README.md").read_text()


def test_readme_shows_the_two_commands_and_make_has_them() -> None:
    makefile = (PROJ_ROOT / "Makefile").read_text()
    for target in ("run", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"Makefile has no {target} target"


def test_readme_documents_every_column_of_every_table_with_its_schema_text() -> None:
    for table, columns in TABLES.items():
        section = README.split(f"#### `{table}`", 1)[1].split("####", 1)[0]
        for column in columns:
            assert f"| `{column.name}` |" in section, f"{table}.{column.name} is not in the README"
            assert column.description in section, f"{table}.{column.name}: README text is stale"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (PROJ_ROOT / ".ci" / "run").read_text()
