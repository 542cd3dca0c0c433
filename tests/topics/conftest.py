"""Shared fixtures: the BBC News corpus (skipped when absent) and one automatic fit of it."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.topics import TopicModel
from analysis.topics.evaluation import BBC_DIR, read_bbc_news


@pytest.fixture(scope="session")
def bbc() -> pd.DataFrame:
    if not (BBC_DIR / "bbc").is_dir():
        pytest.skip(f"shared BBC News corpus not found at {BBC_DIR} (set ANALYSIS_SHARED_DIR)")
    return read_bbc_news(BBC_DIR)


@pytest.fixture(scope="session")
def bbc_model(bbc: pd.DataFrame) -> TopicModel:
    return TopicModel(random_state=0).fit(bbc["text"])
