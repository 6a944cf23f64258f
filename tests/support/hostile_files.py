"""Files that once broke every build: hostile JSON, odd zip members and decompression bombs."""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

ARABIC = "نص عربي سليم عن مكتبة القيروان ومخطوطاتها القديمة. "
FILLER = "ا" * 512  # one kilobyte (2-byte letters) that deflate shrinks about a thousand times


def _zip(path: Path, members: list[tuple[str, bytes]], level: int = 6) -> Path:
    """Write a deflated zip of the given members (duplicate names allowed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
            for info, data in members:
                archive.writestr(info, data)
    return path


def _patch_headers(path: Path, local_offset: int, value: int) -> Path:
    """Set a 2-byte field of every member's local header (and the same in the central one)."""
    data = bytearray(path.read_bytes())
    # the central directory entry has 2 more bytes (version made by) before the same fields
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", local_offset + 2)):
        start = data.find(signature)
        while start != -1:
            data[start + offset : start + offset + 2] = value.to_bytes(2, "little")
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


def _corrupt_deflate(path: Path) -> None:
    """Overwrite the middle of the first member's compressed bytes."""
    data = bytearray(path.read_bytes())
    name_length = int.from_bytes(data[26:28], "little")
    extra_length = int.from_bytes(data[28:30], "little")
    start = 30 + name_length + extra_length
    data[start : start + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def write_hostile_files(folder: Path, bomb_members: int = 6) -> dict[str, tuple[str, ...]]:
    """Write one file of each hostile kind into folder; return {reported path: reason words}."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nested.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    (folder / "bignum.json").write_text(
        '[{"content": "' + ARABIC + '", "views": ' + "7" * 5000 + "}]", "utf-8"
    )
    records = [{"content": ARABIC + "\ud800"}, {"content": ARABIC + "خبر ثان سليم."}]
    (folder / "surrogate.json").write_text(json.dumps(records), "utf-8")  # \ud800 stays escaped
    # flag bit 0 says "encrypted" (reading asks for a password); method 99 is WinZip's AES
    _patch_headers(_zip(folder / "encrypted.zip", [("secret.txt", ARABIC.encode())]), 6, 0x1)
    _patch_headers(_zip(folder / "method.zip", [("odd.txt", ARABIC.encode())]), 8, 99)
    _corrupt_deflate(_zip(folder / "corrupt.zip", [("broken.txt", (ARABIC * 200).encode())]))
    _zip(folder / "twins.zip", [("same.txt", ARABIC.encode()), ("same.txt", b"x")])
    flat = (FILLER * 5 * 1024).encode()  # 5 MB that deflate shrinks to a few kilobytes
    _zip(folder / "ratio.zip", [("flat.txt", flat)])
    big = (FILLER * 19 * 1024).encode()  # 19 MB each: under the per-file limit, not together
    _zip(folder / "bomb.zip", [(f"day-{n}.txt", big) for n in range(bomb_members)], level=1)
    return {
        "nested.json": ("not valid JSON", "nested too deeply"),
        "bignum.json": ("not valid JSON", "digits"),
        "surrogate.json#1": ("lone surrogate",),
        "encrypted.zip/secret.txt": ("encrypted",),
        "method.zip/odd.txt": ("compression method 99",),
        "corrupt.zip/broken.txt": ("corrupt compressed data",),
        "twins.zip/same.txt": ("same name",),
        "ratio.zip": ("over the 50:1 limit", "decompression bomb"),
        "bomb.zip": ("limit for one archive", "decompression bomb"),
    }


# Documents the hostile files still hold: the good record and the first of the twins.
GOOD_PARTS = ("surrogate.json#2", "twins.zip/same.txt")
