"""The ``analysis`` command: one subcommand per stage, and ``run`` for all of them.

Examples::

    analysis ingest                          # data/raw -> data/processed
    analysis ingest --raw-dir ~/scrapes --timezone Europe/Moscow
    analysis ingest --raw-dir export.csv --columns title=headline,published=date,body=text
    analysis entities --groups-file my_groups.csv
    analysis topics --n-topics 20 --refit
    analysis charts --events my_events.csv --freq week
    analysis sql "SELECT kind, count(*) FROM entities GROUP BY kind"
    analysis compare --kind both --csv distinctive.csv --chart
    analysis run

Each subcommand takes the shared options and its own stage's (``analysis.options``);
``run`` takes every stage's. A mistake (a bad value, a missing file, a scheduler that
does not answer) ends with one line on stderr and a non-zero exit status; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C before ``main`` runs (while the libraries load): nothing was done yet."""
    print("analysis: interrupted while starting; nothing was done", file=sys.stderr)
    os._exit(130)


def _is_the_command() -> bool:
    """Whether this process is the ``analysis`` command (or ``python -m analysis``), not a notebook or test."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    return program.name == "analysis" or program.parent.name == "analysis"


# The imports below take a few seconds; in the command, Ctrl-C during them ends with one line.
if _is_the_command():
    signal.signal(signal.SIGINT, _interrupted_while_starting)

# Arrow's default allocator keeps freed memory, which roughly doubles the peak memory of
# a long batch run; the C library's malloc gives it back. Arrow reads this setting when it
# loads, so it is set before the imports below; an explicit setting in the environment wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
# Dask sets its loggers' levels from its configuration when it is imported (later, and only
# for a Dask scheduler): the command shows its warnings, not a local cluster's start and close.
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")

from analysis import config  # noqa: E402
from analysis.executor import SchedulerUnreachable  # noqa: E402
from analysis.ingest.ledger import IngestError  # noqa: E402
from analysis.options import OptionError, RunOptions  # noqa: E402
from analysis.pipeline import STAGES, PipelineOptions, article_count, run_one, run_stage  # noqa: E402
from analysis.store import processed_folder, read_table  # noqa: E402

if TYPE_CHECKING:
    import pandas as pd

USAGE_ERROR = 2
"""Exit status of a bad option value (as argparse's for a bad argument)."""

STAGE_ERROR = 1
"""Exit status of a stage that stopped on a problem (a missing or bad file, a strict-mode issue)."""

INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as a shell reports it."""


def _add_debug(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="on an error, show the Python traceback")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``analysis`` command.

    Returns:
        A parser with one subcommand per stage (the shared options and the stage's
        own), ``run`` (every stage's) and ``sql``.
    """
    parser = argparse.ArgumentParser(
        prog="analysis", description="Turn scraped news pages into analysis tables.",
        epilog="Each stage does only the work whose inputs changed since its last run.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, stage in STAGES.items():
        command = commands.add_parser(name, help=stage.summary, description=stage.summary)
        RunOptions.add_arguments(command, batches=stage.batches)
        stage.options.add_arguments(command)
        _add_tolerated(command, name)
        _add_debug(command)
        command.set_defaults(command_parser=command)
    run = commands.add_parser("run", help="run every stage in order",
                              description="Run every stage in order, with every stage's options.")
    PipelineOptions.add_arguments(run)
    _add_debug(run)
    run.set_defaults(command_parser=run)
    sql = commands.add_parser("sql", help="run a DuckDB SQL query over the processed tables")
    sql.add_argument("query", nargs="?", help='e.g. "SELECT kind, count(*) FROM entities GROUP BY kind"')
    sql.add_argument("--processed-dir", type=Path, default=config.PROCESSED_DIR,
                     help="where the tables are (default: %(default)s)")
    sql.add_argument("--tables", action="store_true", help="list the tables and exit")
    sql.add_argument("--max-rows", type=int, default=50, help="rows printed (default: %(default)s)")
    sql.add_argument("--csv", type=Path, default=None, help="also write the whole result to this CSV")
    _add_debug(sql)
    sql.set_defaults(command_parser=sql)
    search = commands.add_parser("search", help="find the articles matching a query (words, phrases, "
                                 "AND/OR/NOT, prefix*, title:, outlet:, person:, group:, country:)")
    search.add_argument("query", nargs="+", help='e.g. \'sanction* AND (iran OR "islamic republic") NOT '
                        'outlet:rt.com\'; with --freq, several queries give one series each')
    search.add_argument("--processed-dir", type=Path, default=config.PROCESSED_DIR,
                        help="where the tables are (default: %(default)s)")
    search.add_argument("--max-rows", type=int, default=20, help="rows printed (default: %(default)s)")
    search.add_argument("--csv", type=Path, default=None,
                        help="also write every matching article to this CSV (one row per article, with article_id); "
                        "with --freq, the attention table")
    search.add_argument("--freq", choices=("day", "week", "month"), default=None,
                        help="count attention instead: matching and all dated stories per period, and their share")
    search.add_argument("--by", choices=("outlet",), default=None, help="with --freq: one series per outlet")
    search.add_argument("--start", default=None, metavar="YYYY-MM-DD",
                        help="with --freq: count only the dated stories from this day (default: the first)")
    search.add_argument("--end", default=None, metavar="YYYY-MM-DD",
                        help="with --freq: ... up to this day (default: the last)")
    search.add_argument("--kwic", action="store_true", help="print each hit in its context (keyword in context)")
    search.add_argument("--width", type=int, default=60, help="with --kwic: characters of context on each side "
                        "(default: %(default)s)")
    search.add_argument("--chart", action="store_true", help="with --freq: also write the attention chart (PNG, "
                        "SVG, PDF, its data as CSV and a caption) as 'attention' in --figures-dir")
    search.add_argument("--figures-dir", type=Path, default=config.FIGURES_DIR,
                        help="where --chart writes (default: %(default)s)")
    _add_debug(search)
    search.set_defaults(command_parser=search)
    _add_compare(commands)
    return parser


def _add_compare(commands: argparse._SubParsersAction) -> None:
    compare = commands.add_parser(
        "compare", help="the words and names that set each outlet (or query, or period) apart",
        description="Rank the words and the people, countries and groups that distinguish each group of stories "
        "from the others: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn "
        "2008), as z. Groups: every outlet (the default), --outlets, --queries or --periods.")
    compare.add_argument("--by", choices=("outlet",), default=None,
                         help="one group per outlet, each against all the others (the default)")
    compare.add_argument("--outlets", nargs="+", metavar="OUTLET", help="compare only these outlets")
    compare.add_argument("--queries", nargs="+", metavar="QUERY",
                         help="one group per search query; a story matching more than one is left out of all")
    compare.add_argument("--periods", nargs="+", metavar="START:END",
                         help="one group per period of days, e.g. 2016-01:2016-06 2016-07:2016-12 "
                         "(YYYY, YYYY-MM or YYYY-MM-DD; an empty end is open; periods may not overlap)")
    compare.add_argument("--kind", choices=("words", "entities", "both"), default="both",
                         help="what to rank (default: %(default)s; entities need `analysis entities`)")
    compare.add_argument("--top", type=int, default=15, help="terms printed per group (default: %(default)s)")
    compare.add_argument("--prior", choices=("groups", "corpus"), default="groups",
                         help="the prior's term frequencies: the compared groups pooled, or every story of the "
                         "corpus (default: %(default)s)")
    compare.add_argument("--alpha0", type=float, default=None,
                         help="the prior's total (its strength); default: the pooled text's own count, so that "
                         "each term's prior is its pooled count")
    compare.add_argument("--min-count", type=int, default=1,
                         help="leave out terms counted fewer times in the groups (default: %(default)s)")
    compare.add_argument("--entity-count", choices=("articles", "mentions"), default="articles",
                         help="count an entity once per story naming it, or per mention (default: %(default)s)")
    compare.add_argument("--count-copies", action="store_true", help="count near-duplicate copies as stories")
    compare.add_argument("--start", default=None, metavar="YYYY-MM-DD",
                         help="compare only the dated stories from this day (with --end: of the window)")
    compare.add_argument("--end", default=None, metavar="YYYY-MM-DD",
                         help="... up to this day; with neither, every story, undated ones included")
    compare.add_argument("--csv", type=Path, default=None, help="write the whole table (one row per term and group)")
    compare.add_argument("--chart", action="store_true",
                         help="draw z against frequency, one panel per group (in --figures-dir)")
    compare.add_argument("--figures-dir", type=Path, default=config.FIGURES_DIR,
                         help="where --chart writes (default: %(default)s)")
    compare.add_argument("--processed-dir", type=Path, default=config.PROCESSED_DIR,
                         help="where the tables are (default: %(default)s)")
    _add_debug(compare)
    compare.set_defaults(command_parser=compare)


TOLERATED = {"--raw-dir": "ingest", "--figures-dir": "charts"}
"""Folder options every stage command accepts, unlisted, so that a script can give each command
the same folders (``analysis <stage> --raw-dir R --processed-dir P`` for every stage): the command
says the option is not its own and goes on. Any other option of another stage is an error."""


def _add_tolerated(command: argparse.ArgumentParser, name: str) -> None:
    for flag, owner in TOLERATED.items():
        if owner != name:
            command.add_argument(flag, dest=f"not_{owner}_{flag[2:].replace('-', '_')}", type=Path,
                                 default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    if name == "charts":  # charts have no progress bars: quiet already
        command.add_argument("--quiet", dest="not_charts_quiet", action="store_true",
                             default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _note_tolerated(arguments: argparse.Namespace) -> None:
    """One line per folder option given to a command that does not read it."""
    for flag, owner in TOLERATED.items():
        if hasattr(arguments, f"not_{owner}_{flag[2:].replace('-', '_')}"):
            print(f"analysis {arguments.command}: note: {flag} is read by `analysis {owner}` "
                  "(and `analysis run`) only; ignored here", file=sys.stderr)


def _issue_counts(processed_dir: Path) -> str:
    issues = read_table("issues", processed_dir, columns=["severity", "field"])
    if issues.empty:
        return "no issues recorded"
    counts = issues.groupby(["severity", "field"], observed=True).size().rename("count")
    return f"issues by severity and field (see the issues table):\n{counts.to_string()}"


def _sql(arguments: argparse.Namespace) -> int:
    from analysis.sql import format_result, query, tables

    if arguments.tables or not arguments.query:
        print("\n".join(f"{name}\t{path}" for name, path in tables(arguments.processed_dir).items()))
        return 0
    result = query(arguments.query, processed_dir=arguments.processed_dir)
    print(format_result(result, max_rows=arguments.max_rows))
    if arguments.csv is not None:
        result.to_csv(arguments.csv, index=False)
    return 0


def _search(arguments: argparse.Namespace) -> int:
    from analysis.fulltext import kwic, search

    queries = arguments.query
    if arguments.freq is not None:
        return _attention(arguments)
    if arguments.by is not None or arguments.chart or arguments.start or arguments.end:
        raise ValueError("--by outlet, --chart, --start and --end need --freq day, week or month (they shape the "
                         "attention counts)")
    if len(queries) > 1:
        raise ValueError(f"{len(queries)} queries given; several queries need --freq (one attention series each); "
                         "to find articles matching any of them, join them with OR")
    found = search(queries[0], arguments.processed_dir)
    print(f"{len(found):,} articles match")
    if arguments.kwic:
        hits = kwic(queries[0], arguments.processed_dir, width=arguments.width)
        print(f"{len(hits):,} hits in context" + ("" if len(hits) or found.empty else
              " (only words, phrases and person:, group:, country: filters have hits to show; "
              "outlet: and terms under NOT do not)"))
        for row in hits.head(arguments.max_rows).itertuples():
            print(f"{row.left:>{arguments.width}} [{row.match}] {row.right:<{arguments.width}}  {row.article_id}")
        _more(len(hits), arguments.max_rows)
    elif not found.empty:
        print(found.head(arguments.max_rows).to_string(index=False, max_colwidth=70))
        _more(len(found), arguments.max_rows)
    _write_csv(found, arguments.csv, "one row per matching article")
    return 0


def _more(n_rows: int, max_rows: int) -> None:
    if n_rows > max_rows:
        print(f"... {n_rows - max_rows:,} more rows (--max-rows N to print more, --csv FILE for all)")


def _write_csv(table: pd.DataFrame, path: Path | None, what: str) -> None:
    if path is not None:
        table.to_csv(path, index=False)
        print(f"wrote {path} ({len(table):,} rows, {what})")


def _attention(arguments: argparse.Namespace) -> int:
    from analysis.charts.attention import attention_caption, plot_attention
    from analysis.charts.save import save_figure
    from analysis.coverage import attention, undated_note

    table = attention(arguments.query, arguments.processed_dir, by=arguments.by, freq=arguments.freq,
                      start=arguments.start, end=arguments.end)
    left_out = undated_note(arguments.processed_dir)
    if table.empty:
        print("no dated stories: attention needs dates" + (f"; {left_out}" if left_out else ""))
        return 0
    for name, part in table.groupby("query", sort=False) if "query" in table else [(arguments.query[0], table)]:
        print(f"{name}: {int(part['matched'].sum()):,} of {int(part['total'].sum()):,} dated stories match")
    if left_out:
        print(left_out)
    print(table.head(arguments.max_rows).to_string(index=False))
    _more(len(table), arguments.max_rows)
    _write_csv(table, arguments.csv, "the attention table")
    if arguments.chart:
        caption = attention_caption(table, arguments.query, freq=arguments.freq,
                                    corpus=Path(arguments.processed_dir).resolve().name)
        caption += f"\n{left_out}" if left_out else ""
        fig = plot_attention(table, freq=arguments.freq, source=caption.splitlines()[1])
        paths = save_figure(fig, "attention", data=table, caption=caption, figures_dir=arguments.figures_dir)
        print(f"chart written: {', '.join(str(path) for path in paths)}")
    return 0


def _compare(arguments: argparse.Namespace) -> int:
    from analysis.charts.distinctive import save_distinctive_charts
    from analysis.compare import describe_groups, format_top, score_groups, story_groups

    if arguments.by is not None and (arguments.queries or arguments.periods):
        raise ValueError("--by outlet compares outlets; give it, or --queries, or --periods, not both")
    if arguments.top < 1:
        raise ValueError(f"--top {arguments.top} is invalid; must be at least 1")
    groups = story_groups(arguments.processed_dir, outlets=arguments.outlets, queries=arguments.queries,
                          periods=arguments.periods, count_copies=arguments.count_copies,
                          start=arguments.start, end=arguments.end)
    table = score_groups(groups, arguments.processed_dir, kind=arguments.kind, prior=arguments.prior,
                         alpha0=arguments.alpha0, min_count=arguments.min_count, entity_count=arguments.entity_count)
    print(f"{describe_groups(groups)}\n\n{format_top(table, n=arguments.top)}")
    _write_csv(table, arguments.csv, "one row per term and group")
    if arguments.chart:
        grouping = "queries" if arguments.queries else "periods" if arguments.periods else "outlets"
        for path in save_distinctive_charts(table, name=f"compare-{grouping}", figures_dir=arguments.figures_dir,
                                            source=f"Source: {arguments.processed_dir}; {describe_groups(groups)}"):
            print(f"wrote {path}")
    return 0


def _stages(arguments: argparse.Namespace) -> int:
    """Run the stage named by the command (or all of them for ``run``) and print their reports.

    A report's ``errors`` (a user file that could not be read; the rest was done) are
    repeated on stderr, one line each, and make the exit status ``STAGE_ERROR``.
    """
    reports = []
    if arguments.command == "run":
        options = PipelineOptions.from_arguments(arguments)
        for name in STAGES:  # each report as its stage ends, so a later stage's error loses none
            reports.append(run_stage(name, options))
            print(reports[-1], flush=True)
        run = options.run
    else:
        _note_tolerated(arguments)
        stage = STAGES[arguments.command]
        run = RunOptions.from_arguments(arguments)
        reports.append(run_one(arguments.command, run, stage.options.from_arguments(arguments)))
        print(reports[-1])
    print(_issue_counts(run.processed_dir))
    if arguments.command == "run" and article_count(run.processed_dir) == 0:
        raw = options.ingest.raw_dir
        print(f"nothing to do: the corpus {'folder' if raw.is_dir() else 'file'} {raw} holds no articles")
    errors = [error for report in reports for error in getattr(report, "errors", ())]
    for error in errors:
        print(f"analysis {arguments.command}: {error}", file=sys.stderr)
    return STAGE_ERROR if errors else 0


def _unrecognised(unknown: list[str], command: str, parser: argparse.ArgumentParser) -> str:
    """One line for arguments a command does not take: which commands do take them, and where to look."""
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    takers = {flag: [name for name, sub in commands.choices.items() if flag in sub._option_string_actions]
              for flag in unknown if flag.startswith("--")}
    hints = [f"{flag} is an option of {', '.join(f'`analysis {name}`' for name in names)}"
             for flag, names in takers.items() if names]
    return "; ".join([f"unrecognized arguments: {' '.join(unknown)}", *hints,
                      f"`analysis {command} --help` lists this command's options"])


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def _explain(error: BaseException, arguments: argparse.Namespace) -> tuple[str, int] | None:
    """The one line and exit status that explain a user's mistake; None for anything else (a bug)."""
    if isinstance(error, KeyboardInterrupt):
        if arguments.command in ("sql", "search", "compare"):
            return "interrupted", INTERRUPTED
        processed_dir = processed_folder(getattr(arguments, "processed_dir", None))
        return (f"interrupted; the batches already committed are kept in {processed_dir}, "
                "and running the command again resumes from them", INTERRUPTED)
    if isinstance(error, OptionError):
        return error.for_command_line(), USAGE_ERROR
    if isinstance(error, (IngestError, SchedulerUnreachable, ValueError)):
        return _one_line(str(error)), STAGE_ERROR
    if isinstance(error, OSError):  # a missing or unreadable file or folder
        if error.filename is not None and error.strerror:
            return _one_line(f"{error.filename}: {error.strerror}"), STAGE_ERROR
        return _one_line(str(error)), STAGE_ERROR
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``analysis`` command.

    Args:
        argv: the arguments, without the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit status: 0 on success, 1 when a stage stopped on a problem, 2 for a bad
        argument or option value, 130 after Ctrl-C.

    Raises:
        SystemExit: from argparse, for arguments it cannot parse (status 2) or ``--help``.
    """
    if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # from here, Ctrl-C is reported below
    parser = build_parser()
    arguments, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"analysis {arguments.command}: {_unrecognised(unknown, arguments.command, parser)}", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # PDF font subsetting chatter
    try:
        queries = {"sql": _sql, "search": _search, "compare": _compare}
        return queries.get(arguments.command, _stages)(arguments)
    except (KeyboardInterrupt, Exception) as error:
        if isinstance(error, KeyboardInterrupt) and not arguments.debug:
            logging.getLogger("distributed").setLevel(logging.CRITICAL)  # a closing cluster's chatter
        explained = None if arguments.debug else _explain(error, arguments)
        if explained is None:
            raise
        message, status = explained
        print(f"analysis {arguments.command}: {message}", file=sys.stderr)
        return status
