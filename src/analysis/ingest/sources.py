"""Finding the input files of a corpus: a file, a folder (recursively), or an archive.

Each input is a ``Source`` with a name relative to the corpus root. Members of
archives are named ``archive.zip/inner/path.txt``. Listing only stats files
(cheap, for incremental runs); reading happens in one pass over the names asked for.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_EXCLUDE = ("README*", ".*", "*~", "Thumbs.db")
"""File names that are never corpus inputs: documentation, hidden and backup files."""

TABULAR_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".parquet")
_ZIP_SUFFIXES = (".zip",)
_TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class Source:
    """One input file.

    Attributes:
        name: POSIX path relative to the corpus root (``a/b.txt``, ``x.zip/b.txt``).
        size: size in bytes.
        mtime_ns: modification time in nanoseconds (of the archive, for members).
        archive: the archive's name relative to the root when this is a member, else None.
    """

    name: str
    size: int
    mtime_ns: int
    archive: str | None = None

    @property
    def is_tabular(self) -> bool:
        """Whether the file is a tabular export (CSV, TSV, JSON Lines, Parquet)."""
        return self.name.lower().endswith(TABULAR_SUFFIXES)


def is_archive(name: str) -> bool:
    """Tell whether a file name is a zip or tar archive.

    Args:
        name: a file name or path.

    Returns:
        True for ``.zip``, ``.tar``, ``.tar.gz``, ``.tgz``, ``.tar.bz2``, ``.tar.xz``.
    """
    return name.lower().endswith(_ZIP_SUFFIXES + _TAR_SUFFIXES)


def corpus_root(path: Path) -> Path:
    """The folder names are relative to: the folder itself, or a file's parent.

    Args:
        path: the corpus path given by the user.

    Returns:
        The root folder.
    """
    return path if path.is_dir() else path.parent


@functools.lru_cache(maxsize=16)
def _exclusion(exclude: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in exclude) or "(?!)")


def _excluded(name: str, exclude: tuple[str, ...]) -> bool:
    return _exclusion(exclude).match(name) is not None


def _walk(root: Path, exclude: tuple[str, ...]) -> Iterator[os.DirEntry[str]]:
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if _excluded(entry.name, exclude):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file():
                    yield entry


def list_sources(path: Path, *, exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> list[Source]:
    """List the input files under a corpus path, sorted by name.

    Args:
        path: a page file, a tabular file, an archive, or a folder searched recursively.
        exclude: ``fnmatch`` patterns of file and folder names to pass over.

    Returns:
        One ``Source`` per file, archives expanded into their members.

    Raises:
        FileNotFoundError: when the path does not exist.
    """
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    root = corpus_root(path)
    if path.is_dir():
        prefix = len(str(path)) + 1
        # a generator: each file's stat is dropped once read (200,000 kept would take 200 MB)
        files: Iterable[tuple[str, os.stat_result]] = (
            (entry.path[prefix:].replace(os.sep, "/"), entry.stat()) for entry in _walk(path, exclude))
    else:
        files = [(path.name, path.stat())]
    sources: list[Source] = []
    for name, stat in files:
        if is_archive(name):
            sources.extend(_archive_members(root / name, name, stat.st_mtime_ns, exclude))
        else:
            sources.append(Source(name, stat.st_size, stat.st_mtime_ns))
    return sorted(sources, key=lambda source: source.name)


def _archive_members(file: Path, name: str, mtime_ns: int, exclude: tuple[str, ...]) -> list[Source]:
    members = []
    for member, size in _member_sizes(file):
        parts = PurePosixPath(member).parts
        if not any(_excluded(part, exclude) for part in parts):
            members.append(Source(f"{name}/{member}", size, mtime_ns, archive=name))
    return members


def _member_sizes(file: Path) -> list[tuple[str, int]]:
    if file.name.lower().endswith(_ZIP_SUFFIXES):
        with zipfile.ZipFile(file) as archive:
            return [(info.filename, info.file_size) for info in archive.infolist() if not info.is_dir()]
    with tarfile.open(file) as archive:
        return [(info.name, info.size) for info in archive.getmembers() if info.isfile()]


def read_sources(root: Path, sources: Iterable[Source]) -> Iterator[tuple[Source, bytes]]:
    """Read the bytes of sources, in the order given, opening each archive once.

    Args:
        root: the corpus root that names are relative to.
        sources: the sources to read.

    Yields:
        Each source with its bytes.
    """
    pending: dict[str, list[Source]] = {}
    for source in sources:
        if source.archive is None:
            with open(os.path.join(root, source.name), "rb") as file:
                yield source, file.read()
        else:
            pending.setdefault(source.archive, []).append(source)
    for archive, members in pending.items():
        yield from _read_members(root / archive, archive, members)


def _read_members(file: Path, archive: str, members: list[Source]) -> Iterator[tuple[Source, bytes]]:
    wanted = {source.name[len(archive) + 1:]: source for source in members}
    if file.name.lower().endswith(_ZIP_SUFFIXES):
        with zipfile.ZipFile(file) as opened:
            for member, source in wanted.items():
                yield source, opened.read(member)
        return
    with tarfile.open(file) as opened:
        for info in opened:
            source = wanted.get(info.name)
            if source is not None and info.isfile():
                yield source, opened.extractfile(info).read()
