"""What the notebook tests share: a sample corpus, processed once per session by the pipeline.

The entities stage takes about 35 s on the whole demo corpus (2,501 articles), too long to pay
on every test run, so the session processes a sample of it instead: a few of its day folders
(February, March and April 1987), the real example page, the messy pages of
``tests/data/pages`` so that the issues ledger has something in it, and 30 undated Tehran
Times articles, a second outlet to compare.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.options import ChartsOptions, IngestOptions, RunOptions
from analysis.pipeline import PipelineOptions, run_all
from analysis.config import PROJ_ROOT

SAMPLE_DAYS = ("1987-02-26", "1987-03-01", "1987-03-02", "1987-03-31", "1987-04-01", "1987-04-08")
"""Day folders of ``data/raw/reuters`` in the sample corpus: 387 articles over three months."""

MESSY_PAGES = PROJ_ROOT / "tests" / "data" / "pages"

TEHRAN_TIMES = PROJ_ROOT / "data" / "raw" / "tehrantimes.com"
N_TEHRAN_TIMES = 30
"""Tehran Times articles in the sample (the first by name): a second outlet of 20+ articles for 06-compare."""


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sample of the demo corpus, with the example page and the messy pages, as a raw folder."""
    raw = tmp_path_factory.mktemp("notebook-corpus") / "raw"
    for day in SAMPLE_DAYS:
        shutil.copytree(PROJ_ROOT / "data" / "raw" / "reuters" / day, raw / "reuters" / day)
    shutil.copytree(PROJ_ROOT / "data" / "raw" / "alalam", raw / "alalam")
    shutil.copytree(MESSY_PAGES, raw / "messy")
    (raw / TEHRAN_TIMES.name).mkdir()
    for path in sorted(TEHRAN_TIMES.glob("_news_*.txt"))[:N_TEHRAN_TIMES]:
        shutil.copy2(path, raw / TEHRAN_TIMES.name / path.name)
    return raw


@pytest.fixture(scope="session")
def processed_sample(sample_corpus: Path) -> Path:
    """The sample corpus run through every stage of the pipeline; the folder of its tables.

    Figures go beside it too: nothing is written into the repository.
    """
    processed = sample_corpus.parent / "processed"
    run_all(PipelineOptions(run=RunOptions(processed, progress=False),
                            ingest=IngestOptions(raw_dir=sample_corpus),
                            charts=ChartsOptions(figures_dir=sample_corpus.parent / "figures")))
    return processed


@pytest.fixture(scope="session")
def notebook_parameters(sample_corpus: Path, processed_sample: Path) -> dict[str, object]:
    """The parameters every notebook takes, pointing at the processed sample."""
    return {"processed_dir": str(processed_sample), "corpus_path": str(sample_corpus),
            "start": "1987-03-01", "end": "1987-04-30", "sample_size": 300}
