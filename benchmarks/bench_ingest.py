"""Benchmark the ingest stage: pages/s, MB/s and peak memory, beside a minimal parser.

Corpora measured:

- ``demo``: the demo corpus in ``data/raw`` (about 2,500 pages);
- ``reuters-all``: every Reuters-21578 story of the shared part that has a title,
  body and date (13,186 pages), written in page shape by ``scripts/build_demo_corpus.py --all``;
- ``reuters-20k``: those pages plus re-titled copies, 20,000 pages, for the no-change re-run.

For each: a cold ingest (``analysis ingest`` into an empty folder: parse,
assemble, write Parquet), a no-change re-run of the same command, and the
minimal parser (decode, split, parse the JSON, build one DataFrame: the least
work any loader must do). Each runs in its own process. Seconds are the work
alone (the command's own timing; imports excluded). Peak memory is the
process's peak resident set (VmHWM) minus that of the same process doing
nothing but its imports, compared with the in-memory size of the output tables.

Usage::

    python benchmarks/bench_ingest.py [--work benchmarks/out] [--corpora demo reuters-all reuters-20k]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis.config import PROJ_ROOT, RAW_DIR

TARGET_PAGES = 20_000


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


def _peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


def _child(arguments: list[str]) -> tuple[str, float]:
    """Run this script's ``--child`` mode; return what the work printed and the child's peak in MB."""
    result = subprocess.run([sys.executable, __file__, "--child", *arguments], check=True,
                            capture_output=True, text=True)
    output, _, peak = result.stdout.rpartition("peak_mb=")
    return output, float(peak)


def run_child(arguments: list[str]) -> None:
    """In a fresh process: run the minimal parser or the ``analysis`` command, then print the peak.

    ``minimal PATH`` times the minimal parser; ``idle-minimal`` only imports
    what it needs; ``cli ARGS...`` runs ``analysis ARGS...``; ``idle-cli``
    only imports the command.
    """
    from analysis import cli

    kind, rest = arguments[0], arguments[1:]
    if kind == "minimal":
        started = time.perf_counter()
        minimal_parse(Path(rest[0]))
        print(f"seconds={time.perf_counter() - started}")
    elif kind == "cli":
        cli.main(rest)
    print(f"peak_mb={_peak_mb()}")


def measure_minimal(raw: Path) -> dict:
    """Time the minimal parser; its peak is over a process that only did the imports."""
    _, idle = _child(["idle-minimal"])
    output, peak = _child(["minimal", str(raw)])
    return {"seconds": float(re.search(r"seconds=([\d.]+)", output).group(1)), "peak_mb": peak - idle}


def measure_ingest(raw: Path, processed: Path, *, cold: bool) -> dict:
    """Run ``analysis ingest``; its peak is over the same process that only did the imports."""
    if cold:
        shutil.rmtree(processed, ignore_errors=True)
    _, idle = _child(["idle-cli"])
    output, peak = _child(["cli", "ingest", "--raw-dir", str(raw), "--processed-dir", str(processed),
                           "--quiet"])
    return {"seconds": float(re.search(r" in ([\d.]+) s\.", output).group(1)), "peak_mb": peak - idle}


def tables_mb(processed: Path) -> float:
    """In-memory size of the output tables, as the readers return them."""
    from analysis.ingest.stage import OUTPUT_TABLES
    from analysis.store import read_table

    return sum(int(read_table(name, processed).memory_usage(deep=True).sum())
               for name in OUTPUT_TABLES) / 2**20


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
    """Copy the pages, then add re-titled copies (distinct articles) up to ``count`` pages."""
    pages = sorted(source.rglob("*.txt"))
    shutil.copytree(source, target / "original")
    for number, page in enumerate(pages[:count - len(pages)]):
        text = page.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0]
        copy = target / "copies" / page.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text.replace(title, f"{title} (UPDATE {number})", 2), encoding="utf-8")


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=PROJ_ROOT / "benchmarks" / "out")
    parser.add_argument("--corpora", nargs="+", default=["demo", "reuters-all", "reuters-20k"])
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        run_child(arguments.child)
        return
    print(f"{'corpus':<12} {'pages':>7} {'MB':>6} {'run':<8} {'seconds':>8} {'pages/s':>8} "
          f"{'MB/s':>6} {'peak MB':>8} {'tables MB':>9} {'peak/tables':>11} {'vs minimal':>10}")
    for name, folder in build_corpora(arguments.work, arguments.corpora).items():
        pages, size = _corpus_bytes(folder)
        processed = arguments.work / "processed" / name
        runs = {"minimal": measure_minimal(folder),
                "cold": measure_ingest(folder, processed, cold=True),
                "rerun": measure_ingest(folder, processed, cold=False)}
        tables = tables_mb(processed)
        for label, figures in runs.items():
            seconds = figures["seconds"]
            print(f"{name:<12} {pages:>7,} {size / 2**20:>6.1f} {label:<8} {seconds:>8.2f} "
                  f"{pages / seconds:>8,.0f} {size / 2**20 / seconds:>6.1f} {figures['peak_mb']:>8.1f} "
                  f"{tables:>9.1f} {figures['peak_mb'] / tables:>11.2f} "
                  f"{seconds / runs['minimal']['seconds']:>10.2f}")


if __name__ == "__main__":
    main()
