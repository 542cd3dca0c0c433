"""Two real outlets in one corpus (issue 13's "Done when"): the four RT export CSVs and 300 Tehran
Times plain-text files, each source in its own folder, from ``../shared/corpora``."""

from __future__ import annotations

import random
import shutil
import tarfile
from pathlib import Path

import pytest

from analysis import load_corpus

SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpora"
RT = SHARED / "rt_english_sample"
TEHRAN_TIMES = SHARED / "tehran_times" / "tehran_times_data.tar.gz"

pytestmark = [pytest.mark.corpora, pytest.mark.slow]


@pytest.fixture(scope="module")
def two_outlets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The corpus folder (``rt/`` and ``tehrantimes/``) and the Tehran Times files' texts by name."""
    if not RT.is_dir() or not TEHRAN_TIMES.is_file():
        pytest.skip(f"the shared corpora ({RT}, {TEHRAN_TIMES}) are absent")
    root = tmp_path_factory.mktemp("two_outlets")
    shutil.copytree(RT, root / "rt", ignore=shutil.ignore_patterns("README*"))
    (root / "tehrantimes").mkdir()
    texts = {}
    with tarfile.open(TEHRAN_TIMES) as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        for member in random.Random(300).sample(members, 300):
            data = archive.extractfile(member).read()
            name = Path(member.name).name
            (root / "tehrantimes" / name).write_bytes(data)
            texts[f"tehrantimes/{name}"] = data.decode("utf-8")
    return root, texts


@pytest.fixture(scope="module")
def articles(two_outlets):
    return load_corpus(two_outlets[0]).articles


def test_every_article_has_its_outlet(articles) -> None:
    rt = articles["source_file"].str.startswith("rt/")
    assert set(articles.loc[rt, "outlet"]) == {"rt.com"}
    assert set(articles.loc[~rt, "outlet"]) == {"tehrantimes"}


@pytest.mark.parametrize("footer", [
    "RT News App", "This website uses cookies", "Share this story!", "Share it with a friend!",
    "Think your friends would be interested?",
    "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License",
])
def test_no_body_holds_a_footer_cookie_notice_share_prompt_or_licence_line(articles, footer: str) -> None:
    assert not articles["body"].str.contains(footer, regex=False).any()


def test_the_rt_rows_make_420_to_450_distinct_stories(articles) -> None:
    rt = articles[articles["outlet"] == "rt.com"]
    assert 420 <= rt["duplicate_of"].isna().sum() <= 450


def test_every_tehran_times_file_is_an_article_with_a_title_and_its_whole_body(two_outlets, articles) -> None:
    _, texts = two_outlets
    tehran = articles[articles["outlet"] == "tehrantimes"].set_index("source_file")
    byte_identical = len(texts) - len(set(texts.values()))
    assert len(tehran) == len(texts) - byte_identical
    assert tehran["title"].str.len().gt(0).all()
    assert tehran["body"].str.len().gt(0).all()
    for name, row in tehran.iterrows():  # the body's last sentence before the footer is there
        words = " ".join(texts[name].split())
        body = " ".join(row["body"].split())
        assert body[:60] in words or body[:60].replace("’", "'") in words.replace("’", "'"), name
        assert row["n_words"] >= 0.5 * len(set(words.split(". "))) or row["n_words"] > 20, name
