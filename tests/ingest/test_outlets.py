"""Which outlet an article belongs to: a column, the URL's site, the top folder, or the corpus's name."""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis import load_corpus
from analysis.config import PROJ_ROOT
from analysis.ingest.outlets import corpus_name_of, folder_of, outlet_of

DAY = PROJ_ROOT / "data" / "raw" / "reuters" / "1987-03-01"


def test_the_order_column_site_folder_corpus() -> None:
    assert outlet_of(" RT ", "https://www.rt.com/news/1/", "a/b.txt", "c") == "RT"
    assert outlet_of(None, "https://www.rt.com/news/1/", "a/b.txt", "c") == "rt.com"
    assert outlet_of(None, None, "tehrantimes.com/_news_1_A.txt", "raw") == "tehrantimes.com"
    assert outlet_of(None, None, "1987-03-01/reuters-1.txt", "reuters") == "reuters"     # a day folder is a layout
    assert folder_of("2016/a.txt") is None and folder_of("a.txt") is None


def test_a_day_folder_read_on_its_own_takes_the_name_of_the_folder_above(tmp_path: Path) -> None:
    # a day folder of the demo, read on its own, made every article's outlet "1987-03-01"
    assert corpus_name_of(DAY) == "reuters"
    nested = tmp_path / "monitoring" / "2021" / "2021-01-06"
    nested.mkdir(parents=True)
    assert corpus_name_of(nested) == "monitoring"
    shutil.copy2(next(DAY.glob("*.txt")), nested / "page.txt")
    assert set(load_corpus(nested).articles["outlet"]) == {"monitoring"}
    assert set(load_corpus(DAY).articles["outlet"]) == {"reuters"}
