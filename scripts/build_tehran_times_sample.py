"""Build the demo's second outlet, ``data/raw/tehrantimes.com``: a sample of Tehran Times articles.

The source is the shared Tehran Times dump (``<shared>/corpora/tehran_times``: 33,724 articles
from the repository ``Kmahmoudi/Tehran-Times-Dataset``, CC BY 4.0, content © Tehran Times).
The sample is ``--n`` articles of the site's recent numbering (news id ≥ 400,000, about
2016/17 to 2023: one paragraph per line, without the crawler's repeated text of older pages),
evenly spaced in id order (the i-th of ``n`` is the one at position ``i * total // n``), copied
byte for byte under their own file names (``_news_<id>_<Title-Slug>.txt``: the title is only in
the file name). The folder's name is the articles' outlet. The articles carry no date, so the
demo's timelines come from the Reuters pages; the comparison charts use both.

Deterministic: the same files on every run. It deletes only ``tehrantimes.com/_news_*.txt``
before writing, and refuses a sample over ``MAX_BYTES``.

Usage::

    python scripts/build_tehran_times_sample.py            # = --n 900 --out data/raw/tehrantimes.com
"""

from __future__ import annotations

import argparse
import tarfile
from pathlib import Path

import pandas as pd

from analysis.config import CORPORA_DIR, RAW_DIR

SOURCE = CORPORA_DIR / "tehran_times"
"""The shared dump: ``manifest.csv.gz`` and ``tehran_times_data.tar.gz``."""
RECENT_IDS = 400_000
"""The first id of the site's recent numbering."""
MAX_BYTES = 3_000_000
"""What the sample may take in git (the issue's limit)."""
FILE_GLOB = "_news_*.txt"


def choose(manifest: pd.DataFrame, n: int) -> pd.DataFrame:
    """The sample: ``n`` recent articles evenly spaced in id order.

    Args:
        manifest: the dump's manifest (``article_id``, ``path_in_tarball``, ``bytes``, ...).
        n: how many articles.

    Returns:
        The chosen manifest rows, in id order.

    Raises:
        ValueError: when fewer than ``n`` recent articles exist.
    """
    recent = manifest[manifest["article_id"] >= RECENT_IDS].sort_values("article_id").reset_index(drop=True)
    if len(recent) < n:
        raise ValueError(f"only {len(recent):,} articles have an id of {RECENT_IDS:,} or more; asked for {n:,}")
    return recent.iloc[[i * len(recent) // n for i in range(n)]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=900, help="articles in the sample (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=RAW_DIR / "tehrantimes.com")
    parser.add_argument("--source", type=Path, default=SOURCE)
    arguments = parser.parse_args(argv)
    chosen = choose(pd.read_csv(arguments.source / "manifest.csv.gz"), arguments.n)
    if chosen["bytes"].sum() > MAX_BYTES:
        raise SystemExit(f"the sample would take {chosen['bytes'].sum():,} bytes, over {MAX_BYTES:,}; ask for fewer")
    arguments.out.mkdir(parents=True, exist_ok=True)
    for old in arguments.out.glob(FILE_GLOB):
        old.unlink()
    wanted = set(chosen["path_in_tarball"])
    with tarfile.open(arguments.source / "tehran_times_data.tar.gz") as archive:
        for member in archive:
            if member.name in wanted:
                (arguments.out / Path(member.name).name).write_bytes(archive.extractfile(member).read())
    print(f"{len(chosen):,} articles, {chosen['bytes'].sum():,} bytes, ids {chosen['article_id'].min():,} to "
          f"{chosen['article_id'].max():,}, written to {arguments.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
