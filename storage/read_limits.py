"""Limits that keep a hostile file from exhausting memory: zip bombs and oversized builds."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
# Uncompressed text one zip file may expand to (a day of SaudiNewsNet is about 12 MB).
DEFAULT_MAX_ARCHIVE_BYTES = 100 * MB
# Text one build may read (SaudiNewsNet, 31,030 articles, is about 108 MB).
DEFAULT_MAX_BUILD_BYTES = 1024 * MB
# Deflated Arabic text shrinks about 4:1; a zip bomb shrinks hundreds or thousands to one.
MAX_COMPRESSION_RATIO = 50
# Below this size a high ratio is harmless (a short repetitive file), so it is not checked.
RATIO_FLOOR_BYTES = 1 * MB
SUPPORTED_COMPRESSION = (
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
)


class LimitExceeded(Exception):
    """A file would expand past a limit; the message is the reason shown to people."""


def megabytes(size: int) -> str:
    """A byte count as megabytes for a reason line."""
    return f"{size / MB:.4g} MB"


@dataclass
class BuildBudget:
    """The text a whole build may still read, and the per-archive caps."""

    max_total_bytes: int = DEFAULT_MAX_BUILD_BYTES
    max_archive_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES
    max_ratio: float = MAX_COMPRESSION_RATIO
    used: int = 0

    def take(self, size: int) -> None:
        """Count size bytes against the build, or raise LimitExceeded (nothing counted)."""
        if self.used + size > self.max_total_bytes:
            raise LimitExceeded(
                f"not read: the build already read {megabytes(self.used)} of text and its limit "
                f"is {megabytes(self.max_total_bytes)} (raise it with --max-total-mb)"
            )
        self.used += size


def check_ratio(expanded: int, compressed: int, max_ratio: float) -> None:
    """Raise LimitExceeded when data expands more than max_ratio times (a decompression bomb)."""
    if expanded > RATIO_FLOOR_BYTES and expanded > max_ratio * max(compressed, 1):
        raise LimitExceeded(
            f"compressed {expanded / max(compressed, 1):,.0f}:1, over the {max_ratio:g}:1 limit "
            f"(a decompression bomb?)"
        )


def check_archive(members: list[zipfile.ZipInfo], budget: BuildBudget) -> int:
    """Refuse an archive whose members together expand too far; return their declared size."""
    expanded = sum(m.file_size for m in members)
    if expanded > budget.max_archive_bytes:
        raise LimitExceeded(
            f"would expand to {expanded:,} bytes, over the {megabytes(budget.max_archive_bytes)} "
            f"limit for one archive (a decompression bomb?)"
        )
    check_ratio(expanded, sum(m.compress_size for m in members), budget.max_ratio)
    return expanded


def member_problem(member: zipfile.ZipInfo, max_bytes: int) -> str | None:
    """Why a zip member cannot be read before trying (encrypted, unknown method, too big)."""
    if member.flag_bits & 0x1:
        return "encrypted (password-protected) member: not read"
    if member.compress_type not in SUPPORTED_COMPRESSION:
        return f"compression method {member.compress_type} is not supported"
    if member.file_size > max_bytes:
        return f"larger than the {megabytes(max_bytes)} limit ({member.file_size:,} bytes)"
    return None


def read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, max_bytes: int, max_ratio: float
) -> bytes:
    """Read a member a megabyte at a time, stopping as soon as it expands past a limit."""
    chunks, total = [], 0
    with archive.open(member) as stream:
        while chunk := stream.read(MB):
            total += len(chunk)
            if total > max_bytes:
                raise LimitExceeded(f"expands past the {megabytes(max_bytes)} limit")
            check_ratio(total, member.compress_size, max_ratio)
            chunks.append(chunk)
    return b"".join(chunks)
