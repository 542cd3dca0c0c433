"""The corpus overview in JupyterLab, as an analyst uses it: open it, Run All Cells, see the charts.

JupyterLab serves a temporary copy of the notebook (its parameters pointing at the session's
processed sample) on loopback with a random token; headless Chromium, driven by Playwright,
opens it, waits for the kernel, runs every cell from the Run menu and reads the rendered page.
Nothing is downloaded: the browser is Debian's ``chromium`` package (``.ci/run`` installs it);
without it the test is skipped.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from analysis.config import PROJ_ROOT

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = Path("/usr/bin/chromium")
NOTEBOOK = PROJ_ROOT / "notebooks" / "01-corpus-overview.ipynb"
STARTUP_SECONDS = 90
RUN_SECONDS = 180
STDERR = "application/vnd.jupyter.stderr"
"""How JupyterLab renders stderr and error outputs (tracebacks)."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"{CHROMIUM} is missing; install it: apt-get install chromium"),
]

LAB_SETTINGS = {
    # Every cell in the page (not only those in view), so that all outputs can be read.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # No news or update check: the server has no internet, and no toast over the page.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lab:
    """A running JupyterLab server: its address, token and REST API."""

    def __init__(self, url: str, token: str, log: Path) -> None:
        self.url, self.token, self.log = url, token, log

    def api(self, path: str) -> object:
        with urllib.request.urlopen(f"{self.url}{path}?token={self.token}", timeout=10) as response:
            return json.load(response)

    def page_url(self, notebook: str) -> str:
        return f"{self.url}/lab/tree/{notebook}?token={self.token}"


@pytest.fixture
def lab(tmp_path: Path, sample_corpus: Path, processed_sample: Path) -> Iterator[Lab]:
    """JupyterLab on loopback serving a copy of the overview notebook that points at the sample."""
    root = tmp_path / "notebooks"
    root.mkdir()
    notebook = parameterize_notebook(load_notebook_node(str(NOTEBOOK)), {
        "processed_dir": str(processed_sample), "corpus_path": str(sample_corpus)})
    nbformat.write(notebook, root / NOTEBOOK.name)
    for name, values in LAB_SETTINGS.items():
        (tmp_path / "settings" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "settings" / name).write_text(json.dumps(values))
    port, token, log = _free_port(), secrets.token_hex(24), tmp_path / "jupyterlab.log"
    environment = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
                       JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
                       ANALYSIS_FIGURES_DIR=str(tmp_path / "figures"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
               f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"]
    with log.open("w") as output:
        server = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        started = Lab(f"http://127.0.0.1:{port}", token, log)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert server.poll() is None, f"JupyterLab exited:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"no answer:\n{log.read_text()[-3000:]}"
            try:
                started.api("/api/status")
                break
            except OSError:
                time.sleep(0.25)
        yield started
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for_idle_kernel(lab: Lab) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        sessions = [session for session in lab.api("/api/sessions")
                    if session["path"] == NOTEBOOK.name]
        if sessions and sessions[0]["kernel"]["execution_state"] == "idle":
            return
        time.sleep(0.25)
    raise AssertionError(f"the kernel did not become idle:\n{lab.log.read_text()[-3000:]}")


FINISHED = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map(prompt => prompt.textContent.trim());
    const failed = [...document.querySelectorAll('.jp-OutputArea-output')]
        .some(output => output.textContent.includes('Traceback'));
    return failed || (prompts.length > 0 && prompts.every(prompt => /^\\[\\d+\\]:$/.test(prompt)));
}"""
"""True once every code cell shows its execution number, or as soon as an output has a traceback."""


def _run_all_cells(page: sync_api.Page, lab: Lab) -> None:
    """Open the notebook, wait for its kernel, Run > Run All Cells, wait until they have run."""
    page.goto(lab.page_url(NOTEBOOK.name))
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=STARTUP_SECONDS * 1000)
    _wait_for_idle_kernel(lab)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(FINISHED, timeout=RUN_SECONDS * 1000, polling=500)


def _texts(page: sync_api.Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.textContent.trim())")


def test_run_all_cells_in_jupyterlab_draws_the_charts_without_errors(lab: Lab,
                                                                    tmp_path: Path) -> None:
    code_cells = [cell for cell in nbformat.read(NOTEBOOK, as_version=4).cells
                  if cell.cell_type == "code"]
    charts = sum("chart" in cell.metadata.get("tags", []) for cell in code_cells)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            _run_all_cells(page, lab)
            stderr = _texts(page, f'.jp-OutputArea-output[data-mime-type="{STDERR}"]')
            tracebacks = [text for text in stderr if "Traceback" in text]
            assert not tracebacks, f"cells failed in the browser:\n{tracebacks[0][:3000]}"
            prompts = _texts(page, ".jp-CodeCell .jp-InputArea-prompt")
            assert len(prompts) == len(code_cells) + 1, "the cells, and papermill's parameters"
            assert all(re.fullmatch(r"\[\d+\]:", prompt) for prompt in prompts), prompts
            images = page.eval_on_selector_all(
                ".jp-OutputArea-output img",
                "images => images.map(image => [image.naturalWidth, image.naturalHeight])")
            assert len(images) == charts, f"{charts} charts expected; {len(images)} images shown"
            assert all(width > 100 and height > 100 for width, height in images), images
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            shutil.copy(lab.log, tmp_path / "jupyterlab-at-failure.log")
            raise
        finally:
            browser.close()
