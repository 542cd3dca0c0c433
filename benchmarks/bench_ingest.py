"""Benchmark the ingest stage: pages/s, MB/s and peak memory, beside a minimal parser.

Corpora measured:

- ``demo``: the demo corpus in ``data/raw`` (about 2,500 pages);
- ``reuters-all``: every Reuters-21578 story of the shared part that has a title,
  body and date (13,186 pages), written in page shape by ``scripts/build_demo_corpus.py --all``;
- ``reuters-20k``: those pages plus re-titled copies, 20,000 pages, for the no-change re-run.

For each: a cold ingest without the corpus-wide passes (``no-passes``: no
boilerplate learning, no near-duplicates), a cold ingest with them (``cold``:
``analysis ingest`` into an empty folder: parse, learn boilerplate, sign and
pair near-duplicates, assemble, write Parquet), a no-change re-run of the same command, and the
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

WITHOUT_PASSES = ("--keep-boilerplate", "--no-near-duplicates")
"""The ``no-passes`` run: ingest without the boilerplate and near-duplicate passes."""


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


def measure_ingest(raw: Path, processed: Path, *, cold: bool, extra: tuple[str, ...] = ()) -> dict:
    """Run ``analysis ingest``; its peak is over the same process that only did the imports."""
    if cold:
        shutil.rmtree(processed, ignore_errors=True)
    _, idle = _child(["idle-cli"])
    output, peak = _child(["cli", "ingest", "--raw-dir", str(raw), "--processed-dir", str(processed),
                           "--quiet", *extra])
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


def _tehran_bodies(count: int) -> list[str]:
    """``count`` bodies: the Tehran Times articles (``../shared``), then copies with one word in
    ten changed (so they are distinct texts, about half of them near-duplicates of their source)."""
    import random
    import tarfile

    archive = PROJ_ROOT.parent / "shared" / "corpora" / "tehran_times" / "tehran_times_data.tar.gz"
    with tarfile.open(archive) as opened:
        bodies = [opened.extractfile(member).read().decode("utf-8", "replace")
                  for member in opened if member.isfile()]
    generator = random.Random(13)
    out = list(bodies[:count])
    while len(out) < count:
        words = generator.choice(bodies).split()
        step = generator.choice((10, 3))  # one word in 10 (a near copy) or in 3 (another text)
        out.append(" ".join(f"w{generator.randrange(10**6)}" if index % step == 0 else word
                            for index, word in enumerate(words)))
    return out


def _sign_chunk(chunk: list[str]) -> object:
    from analysis.ingest.near_duplicates import signatures

    return signatures(chunk)


def bench_near_duplicates(count: int, scheduler: str) -> None:
    """Time the near-duplicate pass alone: signatures on the executor, then LSH pairing."""
    import numpy as np
    import pandas as pd

    from analysis.ingest.near_duplicates import duplicate_of

    bodies = _tehran_bodies(count)
    started = time.perf_counter()
    chunks = [bodies[start:start + 2500] for start in range(0, len(bodies), 2500)]
    rows = np.vstack(_ordered(chunks, scheduler))
    signed = time.perf_counter()
    articles = pd.DataFrame({"article_id": [str(n) for n in range(count)], "url": None,
                             "published": pd.NaT, "source_file": "f", "line": range(count)})
    copies = int(duplicate_of(articles, rows).notna().sum())
    paired = time.perf_counter()
    print(f"near-duplicates on {count:,} bodies ({scheduler}): signatures {signed - started:.1f} s, "
          f"LSH pairing {paired - signed:.1f} s, total {paired - started:.1f} s; {copies:,} copies found; "
          f"peak {_peak_mb():.0f} MB in the main process")


def _ordered(chunks: list[list[str]], scheduler: str) -> list:
    """Signatures of the chunks in their order (map_batches yields them as they finish)."""
    from analysis.executor import map_batches

    numbered = list(enumerate(chunks))
    found = dict(map_batches(_sign_numbered, numbered, scheduler=scheduler))
    return [found[number] for number in range(len(chunks))]


def _sign_numbered(item: tuple[int, list[str]]) -> tuple[int, object]:
    return item[0], _sign_chunk(item[1])


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=PROJ_ROOT / "benchmarks" / "out")
    parser.add_argument("--corpora", nargs="+", default=["demo", "reuters-all", "reuters-20k"])
    parser.add_argument("--near-duplicates-at", type=int, metavar="N",
                        help="only time the near-duplicate pass on N bodies (Tehran Times, replicated)")
    parser.add_argument("--scheduler", default="local:2", help="where signatures are computed")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        run_child(arguments.child)
        return
    if arguments.near_duplicates_at:
        bench_near_duplicates(arguments.near_duplicates_at, arguments.scheduler)
        return
    print(f"{'corpus':<12} {'pages':>7} {'MB':>6} {'run':<8} {'seconds':>8} {'pages/s':>8} "
          f"{'MB/s':>6} {'peak MB':>8} {'tables MB':>9} {'peak/tables':>11} {'vs minimal':>10}")
    for name, folder in build_corpora(arguments.work, arguments.corpora).items():
        pages, size = _corpus_bytes(folder)
        processed = arguments.work / "processed" / name
        runs = {"minimal": measure_minimal(folder),
                "no-passes": measure_ingest(folder, processed, cold=True, extra=WITHOUT_PASSES),
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
