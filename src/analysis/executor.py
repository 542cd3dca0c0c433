"""Where a stage's batches run: in this process, on a local Dask cluster, or on an existing one.

One setting chooses (``--scheduler`` in the CLI, ``ANALYSIS_SCHEDULER`` in the environment):

| value              | runs the batches                                                  |
|--------------------|-------------------------------------------------------------------|
| ``none`` (default) | one after the other in this process                               |
| ``local:N``        | on a Dask ``LocalCluster`` of N single-threaded worker processes  |
| ``tcp://host:port``| on the Dask cluster whose scheduler listens there                 |

Stages hand ``map_batches`` a function and their batches and commit each result
as it arrives, in this process: a batch is either committed or redone, so a
run whose worker died finishes (Dask runs the batch again elsewhere) or, if the
whole run stops, resumes without redoing committed batches. Workers of a
remote cluster must see the same files (the corpus and the processed folder)
at the same paths and have this package installed. A scheduler address that
does not answer within ``CONNECT_TIMEOUT`` seconds raises ``SchedulerUnreachable``.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Batch = TypeVar("Batch")
Result = TypeVar("Result")

SCHEDULER_ENV = "ANALYSIS_SCHEDULER"
"""Environment variable holding the default scheduler."""

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a scheduler address to answer (Dask's own default is 30)."""

LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                        "distributed.worker.preload": [__name__]}
"""Dask settings of the local clusters. Dask's statistical profiler samples each
worker's stack every 10 ms and keeps the call trees of the last 1,000 seconds
for the dashboard (off here): over an entities run it added about 1,500
objects per batch to every worker, so a worker's memory grew through the
first 17 minutes of a run. Each worker runs this module's ``dask_setup``."""

_LOCAL = re.compile(r"^local:(\d+)$")
_REMOTE = re.compile(r"^(tcp|tls|ws|wss|inproc)://\S+$")


class SchedulerUnreachable(ConnectionError):
    """A Dask scheduler address that did not answer.

    Attributes:
        address: the scheduler's address.
    """

    def __init__(self, address: str, timeout: float) -> None:
        self.address = address
        super().__init__(f"scheduler {address!r} did not answer as a Dask scheduler within {timeout:g} s; "
                         "start one there (`dask scheduler` listens on port 8786), or choose 'none' or "
                         "'local:N' (N workers on this machine)")


def dask_setup(worker: Any) -> None:
    """Set up a local cluster's worker (Dask calls this in each, as a preload).

    Ctrl-C in a terminal interrupts every process of the command, the workers too, each of
    which would print a traceback; the workers ignore it instead, and the command's own
    process stops the run and closes the cluster.

    A batch cancelled because the run stopped is not news either: the warning each
    worker logs for it is dropped (``_drop_cancelled``); its other warnings stay.

    Args:
        worker: the Dask worker (unused).
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed.worker.state_machine").addFilter(_drop_cancelled)


def _drop_cancelled(record: logging.LogRecord) -> bool:
    """False for a worker's warning that a batch was cancelled (the run stopped), True for the rest."""
    return "ended with CancelledError" not in record.getMessage()


def default_scheduler() -> str:
    """The scheduler of ``ANALYSIS_SCHEDULER``, else ``"none"``.

    Returns:
        The setting, checked.
    """
    return check_scheduler(os.environ.get(SCHEDULER_ENV) or "none")


def check_scheduler(scheduler: str | None) -> str:
    """Validate a scheduler setting.

    Args:
        scheduler: ``"none"`` (or None), ``"local:N"`` or a scheduler address.

    Returns:
        The setting (``"none"`` for None).

    Raises:
        ValueError: naming the setting and the valid forms.
    """
    value = scheduler or "none"
    local = _LOCAL.match(value)
    if value == "none" or _REMOTE.match(value) or (local and int(local.group(1)) >= 1):
        return value
    raise ValueError(f"scheduler={scheduler!r} is invalid; must be 'none', 'local:N' (N >= 1 "
                     "workers) or a Dask scheduler address such as 'tcp://host:8786'")


def map_batches(function: Callable[..., Result], batches: Iterable[Batch], *, scheduler: str | None = None,
                **options: Any) -> Iterator[Result]:
    """Run ``function(batch, **options)`` on every batch, yielding results as they finish.

    In this process results come in batch order; on Dask in the order they finish,
    with at most two batches per worker waiting, so memory stays bounded.

    Args:
        function: a top-level function (Dask sends it to the workers by reference).
        batches: the inputs.
        scheduler: see the module docstring; ``ANALYSIS_SCHEDULER`` or ``"none"`` when None.
        **options: keyword arguments passed to every call.

    Yields:
        Each batch's result.
    """
    scheduler = check_scheduler(scheduler) if scheduler is not None else default_scheduler()
    if scheduler == "none":
        yield from (function(batch, **options) for batch in batches)
        return
    with _client(scheduler) as client:
        yield from _map_on(client, function, batches, options)


@contextmanager
def _client(scheduler: str) -> Iterator[Any]:
    import dask
    from distributed import Client, LocalCluster

    local = _LOCAL.match(scheduler)
    if local is None:
        with _connect(Client, scheduler) as client:
            yield client
        return
    with dask.config.set(LOCAL_CLUSTER_CONFIG), LocalCluster(
            n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
            dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _connect(client_class: type, address: str) -> Any:
    """A client of the Dask scheduler at ``address``, or ``SchedulerUnreachable`` within ``2 * CONNECT_TIMEOUT``.

    The connection is made in a thread of its own: a server there that is not a Dask
    scheduler (a web server, the dashboard's port) can hold the handshake forever or
    answer with bytes Dask misreads (a frame length of exabytes); either way the
    command says the address does not answer, instead of hanging or crashing. The
    client is not made Dask's default: one left connecting in its thread must not
    become the scheduler of the process's other Dask work.
    """
    outcome: dict[str, Any] = {}

    def connect() -> None:
        try:
            outcome["client"] = client_class(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except Exception as error:  # OSError, TimeoutError, or a misread answer
            outcome["error"] = error

    thread = threading.Thread(target=connect, name=f"connect to {address}", daemon=True)
    thread.start()
    thread.join(2 * CONNECT_TIMEOUT)
    if "client" not in outcome:
        raise SchedulerUnreachable(address, CONNECT_TIMEOUT) from outcome.get("error")
    return outcome["client"]


def _map_on(client: Any, function: Callable[..., Result], batches: Iterable[Batch],
            options: dict[str, Any]) -> Iterator[Result]:
    from distributed import as_completed

    window = 2 * max(1, len(client.scheduler_info()["workers"]))
    pending = iter(batches)
    running = as_completed()
    for batch in _take(pending, window):
        running.add(client.submit(function, batch, pure=False, **options))
    for future in running:
        yield future.result()
        future.release()
        for batch in _take(pending, 1):
            running.add(client.submit(function, batch, pure=False, **options))


def _take(items: Iterator[Batch], count: int) -> list[Batch]:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) == count:
            break
    return taken
