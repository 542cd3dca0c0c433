"""Benchmark the ingest stage: pages/s, MB/s and peak memory, beside a minimal parser.

Corpora measured:

- ``demo``: the demo corpus in ``data/raw`` (about 2,500 pages);
- ``reuters-all``: every Reuters-21578 story of the shared part that has a title,
  body and date (13,186 pages), written in page shape by ``scripts/build_demo_corpus.py --all``;
- ``reuters-20k``: those pages plus re-titled copies, 20,000 pages, for the no-change re-run.

For each: a cold ingest (``run_ingest`` into an empty folder: parse, assemble,
write Parquet), a no-change re-run, and the minimal parser (decode, split, parse
the JSON, build one DataFrame: the least work any loader must do). Each
measurement runs in a fresh process; peak memory is the rise of the process's
peak resident set (VmHWM) over its size after imports, compared with the
in-memory size of the output tables.

Usage::

    python benchmarks/bench_ingest.py [--work benchmarks/out] [--corpora demo reuters-all reuters-20k]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis.config import PROJ_ROOT, RAW_DIR, SOURCE_TIMEZONE

TARGET_PAGES = 20_000


def _memory_kb(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))


def _corpus_bytes(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.name.startswith("README")]
    return len(files), sum(path.stat().st_size for path in files)


def minimal_parse(folder: Path) -> int:
    """The least work any loader must do: decode, split, parse the JSON, build one DataFrame.

    Args:
        folder: a folder of pages.

    Returns:
        Number of rows of the frame built.
    """
    import json as json_module

    import pandas as pd

    rows = []
    for path in sorted(folder.rglob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        head, _, dump = text.rpartition('string(')
        parts = head.split("\n\n")
        payload = dump[dump.find('"') + 1:dump.rfind('"')]
        related = json_module.loads(payload) if payload else []
        rows.append((parts[0], parts[1] if len(parts) > 1 else "", "\n\n".join(parts[2:-1]),
                     parts[-1], len(related)))
    frame = pd.DataFrame(rows, columns=["title", "date_line", "body", "signature", "n_related"])
    return len(frame)


def measure(kind: str, raw: Path, processed: Path) -> dict:
    """Run one measurement in this process and return its figures.

    Args:
        kind: ``cold``, ``rerun`` or ``minimal``.
        raw: the corpus folder.
        processed: the output folder (``cold`` empties it first).

    Returns:
        Seconds, peak memory rise (MB) and, for ingest, the output tables' size (MB).
    """
    import pandas as pd

    from analysis.ingest.stage import OUTPUT_TABLES, run_ingest
    from analysis.store import read_table

    if kind == "cold":
        shutil.rmtree(processed, ignore_errors=True)
    _warm_up(processed.parent / f"{processed.name}-warm-up")
    base = _memory_kb("VmRSS")
    started = time.perf_counter()
    if kind == "minimal":
        minimal_parse(raw)
    else:
        run_ingest(raw, processed, timezone=SOURCE_TIMEZONE, progress=False)
    seconds = time.perf_counter() - started
    peak_mb = (_memory_kb("VmHWM") - base) / 1024
    tables_mb = None
    if kind == "cold":
        tables = {name: read_table(name, processed) for name in OUTPUT_TABLES}
        tables_mb = sum(int(t.memory_usage(deep=True).sum()) for t in tables.values()) / 2**20
    del pd
    return {"seconds": seconds, "peak_mb": peak_mb, "tables_mb": tables_mb}


def _warm_up(scratch: Path) -> None:
    """Load every library the run will use, so that their code does not count as data."""
    from analysis.ingest.render import render_page
    from analysis.ingest.stage import run_ingest

    (scratch / "raw").mkdir(parents=True, exist_ok=True)
    (scratch / "raw" / "page.txt").write_text(render_page(
        title="Warm-up", published=None, paragraphs=["Body."], signature="S/SH 1", related=[]))
    run_ingest(scratch / "raw", scratch / "processed", timezone=SOURCE_TIMEZONE, progress=False)
    minimal_parse(scratch / "raw")
    shutil.rmtree(scratch)


def _in_subprocess(kind: str, raw: Path, processed: Path) -> dict:
    command = [sys.executable, __file__, "--measure", kind, "--raw", str(raw), "--processed", str(processed)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def build_corpora(work: Path, names: list[str]) -> dict[str, Path]:
    """Make the benchmark corpora (the Reuters ones are written once and reused).

    Args:
        work: scratch folder.
        names: which corpora.

    Returns:
        Corpus name to folder.
    """
    folders = {"demo": RAW_DIR, "reuters-all": work / "reuters-all", "reuters-20k": work / "reuters-20k"}
    if {"reuters-all", "reuters-20k"} & set(names) and not any(folders["reuters-all"].rglob("*.txt")):
        subprocess.run([sys.executable, str(PROJ_ROOT / "scripts" / "build_demo_corpus.py"), "--all",
                        "--out", str(folders["reuters-all"])], check=True, stdout=subprocess.DEVNULL)
    if "reuters-20k" in names and not any(folders["reuters-20k"].rglob("*.txt")):
        _replicate(folders["reuters-all"], folders["reuters-20k"], TARGET_PAGES)
    return {name: folders[name] for name in names}


def _replicate(source: Path, target: Path, count: int) -> None:
    pages = sorted(source.rglob("*.txt"))
    shutil.copytree(source, target / "original")
    for number, page in enumerate(pages[:count - len(pages)]):
        title, rest = page.read_text(encoding="utf-8").split("\n", 1)
        copy = target / "copies" / page.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(f"{title} (UPDATE {number})\n\n{title} (UPDATE {number})" + rest.split("\n", 2)[2]
                        if rest.startswith("\n") else rest, encoding="utf-8")


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=PROJ_ROOT / "benchmarks" / "out")
    parser.add_argument("--corpora", nargs="+", default=["demo", "reuters-all", "reuters-20k"])
    parser.add_argument("--measure", choices=["cold", "rerun", "minimal"], help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--processed", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, arguments.raw, arguments.processed)))
        return
    print(f"{'corpus':<12} {'pages':>7} {'MB':>6} {'run':<8} {'seconds':>8} {'pages/s':>8} "
          f"{'MB/s':>6} {'peak MB':>8} {'tables MB':>9} {'peak/tables':>11} {'vs minimal':>10}")
    for name, folder in build_corpora(arguments.work, arguments.corpora).items():
        pages, size = _corpus_bytes(folder)
        processed = arguments.work / "processed" / name
        minimal = _in_subprocess("minimal", folder, processed)
        cold = _in_subprocess("cold", folder, processed)
        rerun = _in_subprocess("rerun", folder, processed)
        for label, figures in (("minimal", minimal), ("cold", cold), ("rerun", rerun)):
            seconds = figures["seconds"]
            tables = cold["tables_mb"]
            ratio = seconds / minimal["seconds"] if label != "minimal" else 1.0
            print(f"{name:<12} {pages:>7,} {size / 2**20:>6.1f} {label:<8} {seconds:>8.2f} "
                  f"{pages / seconds:>8,.0f} {size / 2**20 / seconds:>6.1f} {figures['peak_mb']:>8.1f} "
                  f"{tables:>9.1f} {figures['peak_mb'] / tables:>11.2f} {ratio:>10.2f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
