"""The one place that writes files: atomically (temp file in the same folder, then rename)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from factcheck.errors import InputError


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so readers see the old file or the new one, never half."""
    atomic_write_all({path: text})


def atomic_write_all(files: Mapping[Path, str]) -> None:
    """Write every file's text to a temp file beside it first, then rename them all into place: a
    failure while writing (disk full, no permission) leaves every old file as it was and raises
    ``InputError``."""
    temps: dict[Path, str] = {}
    path = next(iter(files), Path("."))
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temps[path] = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        for path, tmp in temps.items():
            os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)


def replace_dir(new: Path, dest: Path) -> None:
    """Swap a finished folder ``new`` in for ``dest`` (which may not exist): the old one is moved aside
    first and deleted only once the new one is in place, so a kill leaves one of them whole."""
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def check_writable(folder: Path) -> None:
    """Fail now, not after a long run, when reports cannot be written into ``folder`` (nothing is
    created here: a run that fails later leaves no empty folder behind)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"cannot write to {folder}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write to {folder}: no permission to write in {existing}")
