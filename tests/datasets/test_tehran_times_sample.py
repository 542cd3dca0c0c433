"""The demo's second outlet, data/raw/tehrantimes.com, is the documented sample of the shared dump."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import CORPORA_DIR, PROJ_ROOT

MANIFEST = CORPORA_DIR / "tehran_times" / "manifest.csv.gz"
SAMPLE = PROJ_ROOT / "data" / "raw" / "tehrantimes.com"


def _script():
    spec = importlib.util.spec_from_file_location("build_tt", PROJ_ROOT / "scripts" / "build_tehran_times_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_choose_spaces_the_recent_articles_evenly() -> None:
    manifest = pd.DataFrame({"article_id": [5, 400_000, 400_003, 400_001, 400_010, 400_002, 399_999],
                             "bytes": 1})
    chosen = _script().choose(manifest, 2)
    assert chosen["article_id"].tolist() == [400_000, 400_002]       # positions 0 and 5 // 2 of five recent ids
    with pytest.raises(ValueError, match="only 5 articles"):
        _script().choose(manifest, 6)


@pytest.mark.skipif(not MANIFEST.is_file(), reason=f"the shared Tehran Times manifest is not at {MANIFEST}")
def test_the_sample_is_the_chosen_articles_byte_for_byte() -> None:
    chosen = _script().choose(pd.read_csv(MANIFEST), 900)
    files = {path.name: path for path in SAMPLE.glob("_news_*.txt")}
    assert sorted(files) == sorted(Path(name).name for name in chosen["path_in_tarball"])
    for name, sha1 in zip(chosen["path_in_tarball"], chosen["sha1"]):
        assert hashlib.sha1(files[Path(name).name].read_bytes()).hexdigest() == sha1, name
    assert sum(path.stat().st_size for path in files.values()) <= 3_000_000
