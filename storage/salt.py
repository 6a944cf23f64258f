"""The secret of user hashes: in a 0600 file beside the database, never inside it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlite_utils import Database

from storage.errors import DatabaseUnusable

# Where Dalil before the key file kept the salt: in the database, readable with it.
OLD_SALT_KEY = "query_log_salt"


def salt_path(db_path: Path) -> Path:
    """The key file of a database: `dalil.db` → `dalil.db.salt`."""
    return db_path.with_name(db_path.name + ".salt")


def file_salt(db_path: Path) -> str:
    """Read the salt beside db_path, creating it (0600, 32 hex digits) on first use."""
    path = salt_path(Path(db_path))
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        salt = path.read_text(encoding="ascii").strip()
        if len(salt) < 16:
            raise DatabaseUnusable(
                f"{path} holds no usable salt: delete it to make a new one"
            ) from None
        return salt
    except OSError as error:
        raise DatabaseUnusable(f"cannot create {path} ({error.strerror})") from error
    salt = secrets.token_hex(16)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(salt + "\n")
    return salt


def restore_salt(db_path: Path, salt: str) -> bool:
    """Write salt back into the key file beside db_path if the file is gone; say if written
    (a bot that still holds the salt keeps its hashes comparable instead of making a new one)."""
    path = salt_path(Path(db_path))
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:  # there already, or its folder is gone too: nothing to restore into
        return False
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(salt + "\n")
    return True


def forget_old_salt(db: Database) -> bool:
    """Erase a salt an older Dalil stored in the database (its pages overwritten); say if any."""
    row = db.execute("select 1 from meta where key = ?", [OLD_SALT_KEY]).fetchone()
    if row is None:
        return False
    db.execute("pragma secure_delete = on")
    with db.atomic():
        db.execute("delete from meta where key = ?", [OLD_SALT_KEY])
    db.execute("pragma wal_checkpoint(truncate)")
    return True
