"""The notebooks: kept in git as analysts expect them, and each runs top to bottom.

The runs use papermill, as an analyst would to re-run a notebook with other parameters, on the
sample corpus the session builds (see ``conftest.py``), and write the executed copies to a
temporary folder: the notebooks in ``notebooks/`` are never modified.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import jupytext
import nbformat
import papermill
import pytest
from jupyter_client import KernelManager

from analysis import load_corpus
from analysis.charts import run_charts
from analysis.config import PROJ_ROOT
from analysis.selection import default_window
from analysis.store import read_table

NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
"""The analyst's notebooks, in the order they are numbered."""

PARAMETERS = ("processed_dir", "corpus_path", "start", "end", "sample_size")
"""What the ``parameters`` cell of every notebook sets."""

OVERRIDES = {"06-compare.ipynb": {"start": None, "end": None}}
"""Parameters a notebook runs with in place of the shared ones: 06 compares the undated Tehran Times
articles with the Reuters pages, which the shared window (1987) would leave out."""

CLEAN = "jupyter nbconvert --clear-output --inplace notebooks/*.ipynb"
"""How to strip a notebook's outputs before committing it (quoted in failure messages)."""

KERNEL = "python3"

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks in notebooks/")


def _code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _tagged(notebook: nbformat.NotebookNode, tag: str) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if tag in cell.metadata.get("tags", [])]


def _cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    """What pairing keeps: each cell's type, source and tags."""
    return [(cell.cell_type, cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells]


def _text(cell: nbformat.NotebookNode) -> str:
    """Everything a cell printed or displayed as text."""
    return "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "")
                   for output in cell.get("outputs", []))


# --- the notebooks as they are kept in git ---------------------------------------------------


def test_the_notebooks_are_the_numbered_ones_and_jupytext_pairs_them_with_scripts() -> None:
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), f"{path.name}: name it NN-topic"
    config = (NOTEBOOKS_DIR / "jupytext.toml").read_text()
    assert re.search(r'^formats\s*=\s*"ipynb,py:percent"', config, re.MULTILINE)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_in_git_has_no_outputs_and_no_execution_counts(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(_code_cells(notebook), start=1):
        assert not cell.outputs and cell.execution_count is None, (
            f"{path.name}: code cell {number} has outputs or an execution count; run `{CLEAN}`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_has_one_parameters_cell_setting_the_shared_parameters(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert len(_tagged(notebook, "parameters")) == 1, f"{path.name}: tag one cell `parameters`"
    assert set(PARAMETERS) <= set(papermill.inspect_notebook(str(path))), (
        f"{path.name}: the parameters cell must set {', '.join(PARAMETERS)}")
    assert notebook.metadata.kernelspec.name == KERNEL


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_thin_no_function_or_class_definitions(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in _code_cells(notebook):
        defined = re.findall(r"^(?:async\s+)?(?:def|class)\s+\w+", cell.source, re.MULTILINE)
        assert not defined, f"{path.name}: {defined}; move it into the analysis package"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_and_its_paired_script_have_the_same_cells(path: Path) -> None:
    script = path.with_suffix(".py")
    assert script.exists(), f"{script.name} is missing; run `jupytext --sync {path}`"
    assert _cells(jupytext.read(script)) == _cells(jupytext.read(path)), (
        f"{path.name} and {script.name} differ; run `jupytext --sync {path}` with the newer one")


def test_kernel_python3_is_this_environments_python() -> None:
    """Papermill and JupyterLab start the notebooks' kernel with the venv's Python."""
    assert KernelManager(kernel_name=KERNEL).format_kernel_cmd()[0] == sys.executable


# --- the notebooks run -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def executed(tmp_path_factory: pytest.TempPathFactory,
             notebook_parameters: dict[str, object]) -> Callable[[Path], nbformat.NotebookNode]:
    """Run a notebook with papermill on the processed sample, once a session; its executed copy."""
    folder = tmp_path_factory.mktemp("executed-notebooks")
    done: dict[Path, nbformat.NotebookNode] = {}

    def run(path: Path) -> nbformat.NotebookNode:
        if path not in done:
            with pytest.MonkeyPatch.context() as patch:  # the kernel's figures stay out of the repo
                patch.setenv("ANALYSIS_FIGURES_DIR", str(folder / "figures"))
                done[path] = papermill.execute_notebook(
                    path, folder / path.name, parameters={**notebook_parameters, **OVERRIDES.get(path.name, {})},
                    kernel_name=KERNEL,
                    cwd=NOTEBOOKS_DIR, progress_bar=False)
        return done[path]

    return run


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_top_to_bottom_and_draws_its_charts(path: Path, executed) -> None:
    notebook = executed(path)  # papermill raises PapermillExecutionError, naming the cell
    cells = _code_cells(notebook)
    assert all(cell.execution_count for cell in cells), "every code cell ran"
    assert not [out for cell in cells for out in cell.outputs if out.output_type == "error"]
    charts = _tagged(notebook, "chart")
    for cell in charts:
        assert any("image/png" in output.get("data", {}) for output in cell.outputs), (
            f"{path.name}: the chart cell {cell.source!r} drew nothing")


@pytest.mark.slow
def test_corpus_overview_shows_the_summary_ledger_and_the_chosen_articles(
        executed, sample_corpus: Path, processed_sample: Path,
        notebook_parameters: dict[str, object]) -> None:
    notebook = executed(NOTEBOOKS_DIR / "01-corpus-overview.ipynb")
    text = {cell.source.split()[0]: _text(cell) for cell in _code_cells(notebook)}
    assert load_corpus(sample_corpus).summary() in text["corpus"], "the ingest summary is printed"

    issues = read_table("issues", processed_sample)
    duplicates = int((issues["field"] == "duplicate").sum())
    assert f"{len(issues):,} issues in {issues['source_file'].nunique():,} files" in text["issues"]
    row = rf"^duplicate\s+0\s+{duplicates}\s+(?:0\s+)?{duplicates}$"  # field, error, warning, (info,) all
    assert duplicates and re.search(row, text["issues"], re.MULTILINE), (
        "the ledger counts the duplicates by severity: no error, all warnings")

    rows = re.findall(r"^\d+\s+(\d{4}-\d\d)-01\S*\s.*?(\d+)$", text["per_month"], re.MULTILINE)
    assert {month for month, _ in rows} == {"1987-03", "1987-04"}, "only the months of start..end"
    assert sum(int(count) for _, count in rows) == notebook_parameters["sample_size"], (
        "a sample of sample_size")
    assert len(_tagged(notebook, "chart")) == 1, "articles per month"


@pytest.mark.slow
def test_the_default_window_of_the_notebooks_is_the_command_lines(
        tmp_path: Path, processed_sample: Path, notebook_parameters: dict[str, object]) -> None:
    """With no start and no end, a notebook looks at the window `analysis charts` charts, and says so."""
    parameters = {**notebook_parameters, "start": None, "end": None, "sample_size": None}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
        notebook = papermill.execute_notebook(NOTEBOOKS_DIR / "04-timelines.ipynb", tmp_path / "04.ipynb",
                                              parameters=parameters, kernel_name=KERNEL, cwd=NOTEBOOKS_DIR,
                                              progress_bar=False)
    articles = read_table("articles", processed_sample)
    window = default_window(articles)
    report = run_charts(processed_sample, tmp_path / "charts", formats=("png",))
    assert (window.start, window.end) == ("1987-02-26", "1987-04-08") and not window.given, (  # conftest's days
        "the Reuters days of the sample; its pages of 2016 and 2020 are left out by default")
    assert window.n_after > 0 and f"outside it: 0 before it, {window.n_after} after it (2016-" in str(window)
    assert (report.window.start, report.window.end) == (window.start, window.end)
    printed = "".join(_text(cell) for cell in _code_cells(notebook))
    assert str(window) in printed
    assert f"{report.n_articles:,} articles from {report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}" in printed


@pytest.mark.slow
def test_compare_sets_the_two_outlets_apart_and_follows_the_queries(executed) -> None:
    notebook = executed(NOTEBOOKS_DIR / "06-compare.ipynb")
    text = {cell.source.split()[0]: _text(cell) for cell in _code_cells(notebook)}
    assert "compared: reuters, tehrantimes.com;" in text["all_articles"], "the one-page outlets are left out"
    words = text["words"]
    assert "tehrantimes.com" in words and "reuters" in words
    tehran = words[words.index("tehrantimes.com"):] if words.index("tehrantimes.com") > words.index("reuters") \
        else words
    assert "iran" in tehran, "Iran is what sets the Tehran Times sample apart from 1987 wire copy"
    assert re.search(r"^iran\s+reuters\s+\d+\s+\d+$", text["share"], re.MULTILINE), "attention by query and outlet"
