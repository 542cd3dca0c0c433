# News coverage analysis: `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
UV_VERSION := 0.13.9
UV := .uv/bin/uv
INSTALLER ?= uv
STAMP := $(VENV)/.installed-$(INSTALLER)
PYTEST_ARGS ?=

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.DEFAULT_GOAL := help
.PHONY: help env run ingest entities topics charts lab test test-fast lock demo-corpus bench evaluate clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

ifeq ($(INSTALLER),pip)
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@
else
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --extra dev --python $(PYTHON)
	touch $@
endif

env: $(STAMP) ## Create or update the environment in .venv (INSTALLER=pip for plain pip)

run: env ## Run the whole pipeline on data/raw (writes data/processed, reports/figures)
	$(VENV)/bin/analysis run

ingest: env ## Run only the ingest stage
	$(VENV)/bin/analysis ingest

entities: env ## Run only the entities stage (people, countries, groups)
	$(VENV)/bin/analysis entities

topics: env ## Run only the topics stage
	$(VENV)/bin/analysis topics

charts: env ## Export the standard charts to reports/figures
	$(VENV)/bin/analysis charts

lab: env ## Open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

test: env ## Run the whole test suite (notebooks and slow tests included)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

test-fast: env ## Run the tests not marked slow
	$(VENV)/bin/python -m pytest -m "not slow" $(PYTEST_ARGS)

lock: $(UV) ## Re-resolve uv.lock and requirements.lock after editing pyproject.toml
	$(UV) lock --python $(PYTHON)
	$(UV) export --frozen --extra dev --no-emit-project --no-header --format requirements-txt -o requirements.lock

demo-corpus: env ## Rebuild the Reuters demo corpus in data/raw/reuters (needs ../shared)
	$(VENV)/bin/python scripts/build_demo_corpus.py

bench: env ## Run the ingest and entity benchmarks and print their figures (takes minutes)
	$(VENV)/bin/python benchmarks/bench_ingest.py
	$(VENV)/bin/python benchmarks/bench_entities.py

evaluate: env ## Score entities and topics against the shared gold corpora (needs ../shared)
	$(VENV)/bin/python scripts/evaluate_entities.py --n-process 2
	$(VENV)/bin/python scripts/evaluate_topics.py

clean: ## Remove generated tables, figures and the environment
	find data/processed reports/figures -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf $(VENV) .uv
