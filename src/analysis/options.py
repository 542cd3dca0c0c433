"""Each stage's options: one set of defaults for the Python API and the command line.

An options object holds what one stage needs to know, checks it when made (a
bad value raises ``OptionError`` naming the option, the value and what is
valid), and gives the part of the stage's fingerprint that its settings make
(``fingerprint``) and the reference files whose content is part of it
(``reference_files``). ``RunOptions`` holds what every stage shares.

| object           | stage    | fingerprint                                   |
|------------------|----------|-----------------------------------------------|
| ``RunOptions``   | all      | (none: where and how a run goes, not what it makes) |
| ``IngestOptions``| ingest   | time zone, column mapping, excluded names     |
| ``EntitiesOptions`` | entities | model, capitals; the groups file's content |
| ``TopicsOptions``| topics   | (the model's settings are in its own card)    |
| ``ChartsOptions``| charts   | (charts are always redrawn)                   |
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import config
from analysis.executor import check_scheduler, default_scheduler
from analysis.ingest.ledger import ERRORS_MODES
from analysis.ingest.sources import DEFAULT_EXCLUDE

FREQUENCIES = ("day", "week", "month")
"""The periods charts can be drawn by."""


class OptionError(ValueError):
    """A stage option with a value that is not valid.

    Attributes:
        option: the option's name as in Python (``n_process``).
        value: the value given.
        expected: what is valid, as a phrase ("must be 1 or more").
    """

    def __init__(self, option: str, value: object, expected: str) -> None:
        self.option, self.value, self.expected = option, value, expected
        super().__init__(f"{option}={value!r} is invalid; {expected}")

    @property
    def flag(self) -> str:
        """The option as the command line spells it (``--n-process``)."""
        return "--" + self.option.replace("_", "-")

    def for_command_line(self) -> str:
        """The message with the option spelled as on the command line."""
        value = self.value if isinstance(self.value, (str, Path, int)) else repr(self.value)
        return f"{self.flag} {value}: invalid; {self.expected}"


def check_timezone(timezone: str) -> str:
    """Check that a time zone name is in the IANA database.

    Raises:
        OptionError: naming the value, with an example of a valid name.
    """
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise OptionError("timezone", timezone, "must be an IANA time zone name such as "
                          "'Asia/Tehran', 'Europe/London' or 'UTC'") from error
    return timezone


def check_file(option: str, path: Path | str | None) -> Path | None:
    """Check that a file named by an option exists and can be read.

    Raises:
        OptionError: naming the option and the path.
    """
    if path is None:
        return None
    path = Path(path).expanduser()
    if not path.is_file():
        raise OptionError(option, str(path), "no such file")
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise OptionError(option, str(path), f"cannot be read ({error.strerror})") from error
    return path


@dataclass(frozen=True)
class RunOptions:
    """What every stage shares.

    Attributes:
        processed_dir: where tables and stage state are written.
        progress: show progress bars.
        scheduler: where batches run: ``"none"``, ``"local:N"`` or a Dask scheduler address;
            ``ANALYSIS_SCHEDULER`` or ``"none"`` when None (``analysis.executor``).
    """

    processed_dir: Path = config.PROCESSED_DIR
    progress: bool = True
    scheduler: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "processed_dir", Path(self.processed_dir).expanduser())
        try:
            scheduler = check_scheduler(self.scheduler) if self.scheduler else default_scheduler()
        except ValueError as error:
            raise OptionError("scheduler", self.scheduler, str(error).split("; ", 1)[-1]) from error
        object.__setattr__(self, "scheduler", scheduler)


@dataclass(frozen=True)
class IngestOptions:
    """Options of the ingest stage.

    Attributes:
        raw_dir: the corpus folder, file or archive (read only).
        timezone: the IANA zone of the pages' wall-clock times.
        columns: field to column mapping for tabular exports, or None.
        errors: ``"record"`` or ``"raise"``.
        exclude: file and folder name patterns that are not inputs.
    """

    raw_dir: Path = config.RAW_DIR
    timezone: str = config.SOURCE_TIMEZONE
    columns: Mapping[str, str] | None = None
    errors: str = "record"
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE

    def __post_init__(self) -> None:
        object.__setattr__(self, "raw_dir", Path(self.raw_dir).expanduser())
        check_timezone(self.timezone)
        if self.errors not in ERRORS_MODES:
            raise OptionError("errors", self.errors, f"must be one of {list(ERRORS_MODES)}")
        object.__setattr__(self, "exclude", tuple(self.exclude))

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change what the stage makes."""
        return {"timezone": self.timezone, "columns": dict(self.columns or {}), "exclude": list(self.exclude)}

    def reference_files(self) -> dict[str, Path]:
        """Reference files whose content is part of the fingerprint (none)."""
        return {}


@dataclass(frozen=True)
class EntitiesOptions:
    """Options of the entities stage.

    Attributes:
        model: an installed spaCy pipeline's name or path; the default model when None.
        capitals: read capital cities as their country ("Moscow says").
        n_process: processes running the pipeline in this process's runs (at least 1).
        groups_file: an analyst's own group aliases (CSV, the columns of ``groups.csv``);
            ``ANALYSIS_GROUPS_FILE`` when not given.
    """

    model: str | None = None
    capitals: bool = False
    n_process: int = 1
    groups_file: Path | None = field(default_factory=lambda: config.GROUPS_FILE)

    def __post_init__(self) -> None:
        if not isinstance(self.n_process, int) or isinstance(self.n_process, bool) or self.n_process < 1:
            raise OptionError("n_process", self.n_process, "must be a whole number of processes, 1 or more")
        object.__setattr__(self, "groups_file", check_file("groups_file", self.groups_file))
        if self.model is not None:
            _check_model(self.model)

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change what the stage makes (the model's name resolved)."""
        from analysis.entities.model import default_model

        return {"model": self.model or default_model(), "capitals": self.capitals}

    def reference_files(self) -> dict[str, Path]:
        """The analyst's groups file, when one is set."""
        return {"groups_file": self.groups_file} if self.groups_file is not None else {}


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
class TopicsOptions:
    """Options of the topics stage.

    Attributes:
        n_topics: topics to fit (2 or more); chosen by coherence and stability when None.
            A number other than the saved model's forces a refit.
        refit: fit the model again (topics matched to the old ones keep their ids).
        random_state: seed of a fit.
    """

    n_topics: int | None = None
    refit: bool = False
    random_state: int = 0

    def __post_init__(self) -> None:
        if self.n_topics is not None and (isinstance(self.n_topics, bool) or not isinstance(self.n_topics, int)
                                          or self.n_topics < 2):
            raise OptionError("n_topics", self.n_topics, "must be a whole number of topics, 2 or more")

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change the articles' terms (none: the fit's are on its card)."""
        return {}

    def reference_files(self) -> dict[str, Path]:
        """Reference files beyond the stage's shipped ones (none)."""
        return {}


@dataclass(frozen=True)
class ChartsOptions:
    """Options of the charts stage.

    Attributes:
        figures_dir: where charts are written.
        events: a CSV of ``date,label`` rows marked on the charts. The project's
            ``data/external/events.csv`` (``ANALYSIS_EVENTS_FILE``) is used when it exists;
            a file named explicitly must exist; None for no events.
        freq: the charts' period (day, week, month); chosen from the corpus's span when None.
    """

    figures_dir: Path = config.FIGURES_DIR
    events: Path | None = config.EVENTS_FILE
    freq: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "figures_dir", Path(self.figures_dir).expanduser())
        if self.freq is not None and self.freq not in FREQUENCIES:
            raise OptionError("freq", self.freq, f"must be one of {list(FREQUENCIES)}")
        events = self.events
        if events is not None and Path(events) == config.EVENTS_FILE and not Path(events).is_file():
            events = None  # the project's default file, absent: no events
        object.__setattr__(self, "events", check_file("events", events))
