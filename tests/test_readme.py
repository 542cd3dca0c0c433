"""The README stays true: its commands exist, its table docs match the schemas, its examples run.

Every ```python block of the README runs as written, each on its own (a reader may copy any one
example), from a project folder whose ``data/raw`` holds a sample of the demo corpus and whose
``data/processed`` holds that sample's tables. A block the reader cannot run without a file of
their own is marked on the line before it with ``<!-- readme-test: skip (the reason) -->`` and is
reported as skipped with that reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import analysis
from analysis.config import PROJ_ROOT
from analysis.schemas import TABLES

README = (PROJ_ROOT / "README.md").read_text()

SAMPLE_DAYS = ("1987-02-26", "1987-03-01", "1987-03-07", "1987-04-08")
"""Day folders of ``data/raw/reuters`` in the sample corpus: 86 articles over three months (with the
example page, four month partitions), small enough for the entities stage to take a few seconds."""

N_TEHRAN_TIMES = 25
"""Tehran Times articles in the sample (the first by name): a second outlet for the comparisons."""

_SKIP = re.compile(r"<!--\s*readme-test:\s*skip\s*\((?P<reason>[^)]+)\)\s*-->")

_RUNNER = """
import json, sys, traceback
failed = 0
for block in json.loads(sys.stdin.read()):
    padded = "\\n" * (block["line"] - 1) + block["code"]  # tracebacks name README.md and its line
    try:
        exec(compile(padded, "README.md", "exec"), {"__name__": "__main__"})
    except Exception:
        failed += 1
        print(f"README.md:{block['line']}: the example fails", file=sys.stderr)
        traceback.print_exc()
    else:
        print(f"ran README.md:{block['line']}")
sys.exit(1 if failed else 0)
"""


@dataclass(frozen=True)
class Block:
    """A ```python block of a Markdown text.

    Attributes:
        line: the 1-based line of its first line of code.
        code: its code.
        skip: why the test does not run it (from a ``readme-test: skip`` comment), or None.
    """

    line: int
    code: str
    skip: str | None


def python_blocks(markdown: str) -> list[Block]:
    """The ```python blocks of a Markdown text, in order, with their skip reasons.

    Args:
        markdown: the text.

    Returns:
        The blocks.
    """
    lines = markdown.splitlines()
    blocks = []
    for number, line in enumerate(lines):
        if line.strip() != "```python":
            continue
        end = next(i for i in range(number + 1, len(lines)) if lines[i].strip() == "```")
        marker = _SKIP.search(lines[number - 1]) if number else None
        blocks.append(Block(number + 2, "\n".join(lines[number + 1:end]) + "\n",
                            marker["reason"].strip() if marker else None))
    return blocks


BLOCKS = python_blocks(README)


def _environment(project: Path) -> dict[str, str]:
    """This process's environment, with ``analysis`` from this source tree and every path in ``project``."""
    source = str(Path(analysis.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
            "ANALYSIS_RAW_DIR": str(project / "data" / "raw"),
            "ANALYSIS_PROCESSED_DIR": str(project / "data" / "processed"),
            "ANALYSIS_FIGURES_DIR": str(project / "reports" / "figures"), "MPLBACKEND": "Agg"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder: a sample of the demo corpus in ``data/raw``, its tables in ``data/processed``."""
    project = tmp_path_factory.mktemp("readme-project")
    for day in SAMPLE_DAYS:
        shutil.copytree(PROJ_ROOT / "data" / "raw" / "reuters" / day, project / "data" / "raw" / "reuters" / day)
    shutil.copytree(PROJ_ROOT / "data" / "raw" / "alalam", project / "data" / "raw" / "alalam")
    tehran = project / "data" / "raw" / "tehrantimes.com"
    tehran.mkdir()
    for path in sorted((PROJ_ROOT / "data" / "raw" / "tehrantimes.com").glob("_news_*.txt"))[:N_TEHRAN_TIMES]:
        shutil.copy2(path, tehran / path.name)
    for stage in ("ingest", "entities"):
        subprocess.run([sys.executable, "-m", "analysis", stage, "--quiet"], cwd=project,
                       env=_environment(project), check=True, capture_output=True, timeout=300)
    return project


def test_the_blocks_are_found_with_their_skip_reasons() -> None:
    text = "a\n\n```python\nx = 1\n```\n<!-- readme-test: skip (needs your own export) -->\n```python\ny\n```\n"
    assert python_blocks(text) == [Block(4, "x = 1\n", None), Block(8, "y\n", "needs your own export")]
    assert len([block for block in BLOCKS if block.skip is None]) >= 5


@pytest.mark.slow
def test_every_python_example_runs_as_written(project: Path) -> None:
    runnable = [block for block in BLOCKS if block.skip is None]
    result = subprocess.run([sys.executable, "-c", _RUNNER], cwd=project, env=_environment(project),
                            input=json.dumps([vars(block) for block in runnable]), text=True,
                            capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr
    ran = [line for line in result.stdout.splitlines() if line.startswith("ran README.md:")]
    assert ran == [f"ran README.md:{block.line}" for block in runnable]
    assert (project / "reports" / "figures" / "volume-weekly.png").is_file(), "figures go to the project"


@pytest.mark.parametrize("block", [block for block in BLOCKS if block.skip],
                         ids=lambda block: f"README.md:{block.line}")
def test_a_marked_example_is_skipped_with_its_reason(block: Block) -> None:
    pytest.skip(f"README.md:{block.line}: {block.skip}")


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
