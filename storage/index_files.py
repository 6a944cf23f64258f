"""The index's arrays as numpy files beside the database, opened memory-mapped without rebuilding.

Each build writes a new folder `<db>.arrays/<name>/` (name = index version and a random token)
before its SQLite transaction commits, and the meta key `index_files` names it in the same
transaction: a reader that takes meta and files from one read transaction always gets the
files of the index it reads, and a build that fails leaves the old folder serving.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np

from storage.file_arrays import FileArray

# Bumped whenever what the files hold or how they are laid out changes.
FORMAT = 5
MANIFEST = "manifest.json"
# The meta keys a folder of index files must agree with (beside the search arrays' own facts).
INDEX_FACTS = ("index_version", "documents", "passages", "vocabulary")


def index_facts(meta: Mapping[str, str]) -> dict[str, str]:
    """What identifies an index: its version and counts."""
    return {key: meta.get(key, "") for key in INDEX_FACTS}


def arrays_folder(db_path: str | Path) -> Path:
    """The folder that holds the index files of the database at db_path."""
    return Path(f"{db_path}.arrays")


def write_index_files(
    db_path: str | Path,
    name: str,
    arrays: Mapping[str, np.ndarray],
    facts: Mapping[str, str],
) -> Path:
    """Write arrays and a manifest, atomically: into a temporary folder, flushed to disk, then
    renamed to its name."""
    root = arrays_folder(db_path)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, as the database is
    if root.stat().st_mode & 0o077 and root.stat().st_uid == os.geteuid():
        root.chmod(0o700)
    temporary = root / f".{name}.tmp-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(mode=0o700)
    try:
        sizes = {}
        for key, array in arrays.items():
            path = temporary / f"{key}.npy"
            np.save(path, np.ascontiguousarray(array), allow_pickle=False)
            sizes[f"{key}.npy"] = path.stat().st_size
        manifest = {"format": FORMAT, "name": name, "files": sizes, **facts}
        (temporary / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        for path in temporary.iterdir():
            path.chmod(0o600)
            _flush(path)
        final = root / name
        shutil.rmtree(final, ignore_errors=True)
        temporary.rename(final)
        _flush(root)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return final


def _flush(path: Path) -> None:
    """fsync a file or a folder."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class IndexFilesUnusable(Exception):
    """The index files are missing, incomplete or belong to another index (the reason)."""


def open_index_files(
    db_path: str | Path, name: str, facts: Mapping[str, str], in_parts: Collection[str] = ()
) -> dict[str, np.ndarray | FileArray]:
    """Open the arrays of folder `name` memory-mapped (read-only), those named in in_parts as
    FileArrays (read in parts when indexed, never mapped); raise IndexFilesUnusable unless the
    manifest matches `facts` and every file its size."""
    if not name:
        raise IndexFilesUnusable("the index has no files recorded")
    folder = arrays_folder(db_path) / name
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexFilesUnusable(f"{folder} has no readable manifest ({error})") from error
    expected = {"format": FORMAT, "name": name, **facts}
    wrong = sorted(k for k, v in expected.items() if manifest.get(k) != v)
    if wrong:
        raise IndexFilesUnusable(f"{folder} belongs to another index ({', '.join(wrong)})")
    arrays = {}
    try:
        for file, size in manifest["files"].items():
            path = folder / file
            if path.stat().st_size != size:
                raise IndexFilesUnusable(f"{path} has the wrong size")
            key = file.removesuffix(".npy")
            if key in in_parts:
                arrays[key] = FileArray(path)
            elif file.endswith(".npy"):
                arrays[key] = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
    except (OSError, ValueError) as error:
        raise IndexFilesUnusable(f"{folder} cannot be read ({error})") from error
    return arrays


def prune_index_files(db_path: str | Path, keep: set[str]) -> None:
    """Delete the index folders not named in keep (and temporary ones of finished builds)."""
    root = arrays_folder(db_path)
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.name in keep:
            continue
        if folder.name.startswith(".") and _running(folder.name.rpartition(".tmp-")[2]):
            continue  # another build is writing it
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: str) -> bool:
    """Tell whether a process with this id runs (ours included)."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
