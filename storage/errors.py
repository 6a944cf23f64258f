"""Small domain errors that the command line and the bot turn into one-line messages."""

from __future__ import annotations


class StorageError(Exception):
    """Base class of every error storage/ raises on purpose."""


class CorpusNotFound(StorageError):
    """The corpus folder does not exist or is not a folder."""


class DatabaseUnusable(StorageError):
    """The database file is corrupt, truncated or not a SQLite database."""


class DatabaseMissing(StorageError):
    """The database file is gone (deleted or moved while Dalil runs); none is made in its place."""


class NewerSchema(StorageError):
    """The database was written by a newer Dalil than this one."""


class IndexMissing(StorageError):
    """The database holds no index yet."""


class ReindexRunning(StorageError):
    """Another reindex holds the write lock."""


class NoSupportedFiles(StorageError):
    """The corpus folder holds no file Dalil can read (it is empty, or every file is of a kind
    it does not read); the index is left as it was."""


class CorpusUnreadable(StorageError):
    """A folder of the corpus cannot be listed: its files would look deleted."""


class MassRemoval(StorageError):
    """A refresh would remove most of the index at once (likely a mistake, not a deletion)."""


class BuildFailed(StorageError):
    """The build stopped on an unexpected error; the previous index is kept."""


class DiskFull(BuildFailed):
    """The build could not write: the disk (or the user's quota) is full."""


class BuildCancelled(StorageError):
    """The build was asked to stop (the program is shutting down); the index is unchanged."""
