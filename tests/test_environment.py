"""The three ways to install agree: pyproject.toml, environment.yml (conda) and the pip lock."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement

from analysis.config import PROJ_ROOT


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_normalise(req.name): str(req.specifier) for req in map(Requirement, listed)}


def _conda_requirements() -> dict[str, str]:
    environment = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    specs: list[str] = []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            specs.extend(spec for spec in entry["pip"] if not spec.startswith("-e"))
        elif entry not in ("pip",) and not entry.startswith("python"):
            specs.append(entry)
    return {_normalise(req.name): str(req.specifier) for req in map(Requirement, specs)}


def test_environment_yml_lists_the_same_packages_and_versions_as_pyproject() -> None:
    assert _conda_requirements() == _pyproject_requirements()


def test_environment_yml_asks_for_the_python_pyproject_requires() -> None:
    environment = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    python = next(entry for entry in environment["dependencies"]
                  if isinstance(entry, str) and entry.startswith("python"))
    requires = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python.removeprefix("python") == requires


def test_pip_lock_pins_every_direct_requirement_within_its_range() -> None:
    pins = dict(
        (_normalise(name), version)
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", 
                                        (PROJ_ROOT / "requirements.lock").read_text(), re.MULTILINE)
    )
    for name, specifier in _pyproject_requirements().items():
        assert name in pins, f"requirements.lock has no pin for {name}; run `make lock`"
        assert Requirement(f"{name}{specifier}").specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]} outside {specifier}; run `make lock`")


def test_uv_lock_is_up_to_date_with_pyproject() -> None:
    uv = PROJ_ROOT / ".uv" / "bin" / "uv"
    if not uv.exists():
        pytest.skip("uv is not bootstrapped in .uv (run `make env`)")
    result = subprocess.run([str(uv), "lock", "--check", "--offline", "--python", sys.executable],
                            cwd=PROJ_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"uv.lock is stale; run `make lock`:\n{result.stderr}"
