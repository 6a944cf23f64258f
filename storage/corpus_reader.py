"""Read a corpus folder: text files, JSON/JSONL article archives and zip files of them."""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storage.errors import CorpusNotFound, CorpusUnreadable
from storage.publication_day import publication_day
from storage.read_limits import (
    BuildBudget,
    LimitExceeded,
    check_archive,
    member_problem,
    read_member,
)
from storage.readers.office import OfficeDocument, UnreadableOffice, read_office

TEXT_SUFFIXES = (".txt", ".md")
ARCHIVE_SUFFIXES = (".json", ".jsonl", ".zip")
OFFICE_SUFFIXES = (".pdf", ".docx", ".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + ARCHIVE_SUFFIXES + OFFICE_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TITLE_MAX_CHARS = 100
# Bidirectional embeddings, overrides and isolates: in a file name they can make it read
# differently from what it is (U+202E turns "gpj.exe" around), so such names are refused.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
UNSAFE_NAME = "file name has control or bidirectional-override characters (rename the file)"
LONE_SURROGATE = "not valid Unicode (a lone surrogate such as \\ud800 in a JSON string)"
DUPLICATE_MEMBER = "another member of the zip file has the same name (only the first is read)"


@dataclass(frozen=True)
class SourceFile:
    """A file of the corpus folder as seen on disk."""

    path: str
    absolute: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class DocumentRecord:
    """One document to index: its key, text, title and citation metadata."""

    path: str
    source_path: str
    title: str
    text: str
    sha256: str
    size: int
    source: str = ""
    url: str = ""
    date: str = ""
    author: str = ""
    page: int = 0


@dataclass(frozen=True)
class Skipped:
    """A file (or archive record group) that was not indexed, and why."""

    path: str
    reason: str


@dataclass
class SourceContents:
    """What one source file yielded: documents, and records skipped inside it."""

    documents: list[DocumentRecord] = field(default_factory=list)
    skipped_records: int = 0
    skipped: list[Skipped] = field(default_factory=list)  # named parts: members, records


class UnreadableSource(Exception):
    """A source file that cannot be indexed; the message is the reason shown to people."""


class NotReady(UnreadableSource):
    """A zip file whose central directory (written last) cannot be read: most likely one
    still being copied, so a refresh keeps what it held before."""


def unsafe_name(name: str) -> bool:
    """Tell whether a file name holds control characters, line breaks or bidi overrides."""
    return any(
        unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI_CONTROLS for ch in name
    )


def list_sources(
    root: Path, allow_unreadable: bool = False
) -> tuple[list[SourceFile], list[Skipped]]:
    """List indexable files under root (sorted); report links, unsafe names and unreadables.

    A folder that cannot be listed raises CorpusUnreadable (its files would look deleted),
    unless allow_unreadable, when it is reported as skipped.
    """
    if not root.is_dir():
        raise CorpusNotFound(f"corpus folder {root} does not exist or is not a folder")
    real_root = root.resolve()
    found, skipped, unlisted = [], [], []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or root)
        relative = where.relative_to(root).as_posix() if where != root else "."
        unlisted.append(Skipped(relative, f"folder cannot be read ({error.strerror})"))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if (Path(folder) / name).is_symlink():
                relative = (Path(folder) / name).relative_to(root).as_posix()
                skipped.append(Skipped(relative, "symbolic link to a folder (not followed)"))
        for name in sorted(files):
            absolute = Path(folder) / name
            relative = absolute.relative_to(root).as_posix()
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            if unsafe_name(relative):
                skipped.append(Skipped(relative, UNSAFE_NAME))
                continue
            if absolute.is_symlink() and not absolute.resolve().is_relative_to(real_root):
                skipped.append(Skipped(relative, "symbolic link to a file outside the corpus"))
                continue
            try:
                stat = absolute.stat()
            except OSError as error:
                skipped.append(Skipped(relative, f"cannot be read ({error.strerror})"))
                continue
            found.append(SourceFile(relative, absolute, stat.st_size, stat.st_mtime_ns))
    if unlisted and not allow_unreadable:
        first = unlisted[0]
        raise CorpusUnreadable(
            f"cannot read the corpus folder {root} ({first.path!r}: {first.reason}): the index "
            "is left as it was; fix the permissions, or run `dalil index --allow-mass-removal` "
            "to index without it"
        )
    return found, skipped + unlisted


def unsupported_files(root: Path, shown: int = 10) -> str:
    """Why a folder has nothing to index: the (first few) files it holds of unsupported kinds."""
    names = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )
    if not names:
        return f"no supported files in {root}: the folder is empty"
    listed = ", ".join(names[:shown]) + (
        f" and {len(names) - shown} more" if len(names) > shown else ""
    )
    kinds = " ".join(SUPPORTED_SUFFIXES)
    return f"no supported files in {root} (Dalil reads {kinds}); ignored: {listed}"


def title_of(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """Use the first line when it is short (a headline), else the first words up to limit."""
    first_line = text.strip().split("\n", 1)[0].strip()
    if len(first_line) <= limit:
        return first_line
    cut = first_line.rfind(" ", 0, limit - 1)
    return first_line[: cut if cut > 0 else limit - 1].rstrip(" ،,.:;") + "…"


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM allowed) text with LF line ends, or raise UnreadableSource."""
    if b"\x00" in data[:8192]:
        raise UnreadableSource("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableSource(
            f"not valid UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start})"
        ) from None
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise UnreadableSource("binary file (control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableSource("empty file")
    return text


def valid_unicode(*parts: str) -> bool:
    """Tell whether the strings can be stored as UTF-8 (JSON escapes allow lone surrogates)."""
    try:
        for part in parts:
            part.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _sha256(*parts: str) -> str:
    """Hash the given strings."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _text_document(path: str, source_path: str, text: str) -> DocumentRecord:
    """A plain-text file becomes one document."""
    return DocumentRecord(
        path, source_path, title_of(text), text, _sha256(text), len(text.encode("utf-8"))
    )


def _field(record: dict, *names: str) -> str:
    """Return the first present, non-empty string field of a record."""
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _records(data: bytes, name: str) -> list:
    """Parse a JSON array (or object with an 'articles' list) or JSON lines."""
    text = decode_text(data)
    try:
        if name.lower().endswith(".jsonl"):
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableSource(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise UnreadableSource("not valid JSON (nested too deeply)") from None
    except ValueError as error:  # Python refuses integers of more than 4,300 digits
        raise UnreadableSource(f"not valid JSON ({error})") from None
    if isinstance(parsed, dict):
        parsed = parsed.get("articles", parsed.get("documents", [parsed]))
    if not isinstance(parsed, list):
        raise UnreadableSource("JSON is neither an array of articles nor JSON lines")
    return parsed


def _archive_documents(data: bytes, name: str, key: str, source_path: str) -> SourceContents:
    """Turn the records of a JSON or JSONL archive into documents."""
    contents = SourceContents()
    for number, record in enumerate(_records(data, name), start=1):
        text = _field(record, "content", "text") if isinstance(record, dict) else ""
        if not text:
            contents.skipped_records += 1
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        title = html.unescape(_field(record, "title")) or title_of(text)
        url = _field(record, "url")
        meta = {
            "source": _field(record, "source"),
            "url": url,
            "date": publication_day(_field(record, "date", "date_extracted"), url),
            "author": _field(record, "author"),
        }
        if not valid_unicode(title, text, *meta.values()):
            contents.skipped.append(Skipped(f"{key}#{number}", LONE_SURROGATE))
            continue
        contents.documents.append(
            DocumentRecord(
                f"{key}#{number}",
                source_path,
                " ".join(title.split()),
                text,
                _sha256(title, text, *meta.values()),
                len(text.encode("utf-8")),
                **meta,
            )
        )
    return contents


def _zip_documents(
    data: bytes, source: SourceFile, max_bytes: int, budget: BuildBudget
) -> SourceContents:
    """Read every text or JSON member of a zip file; name each member that cannot be read."""
    contents = SourceContents()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise NotReady(f"not a valid zip file ({error})") from None
    suffixes = (*TEXT_SUFFIXES, ".json", ".jsonl")
    wanted = [m for m in members if m.filename.lower().endswith(suffixes)]
    try:
        budget.take(check_archive(wanted, budget))
    except LimitExceeded as error:
        raise UnreadableSource(str(error)) from None
    names: set[str] = set()
    for member in sorted(wanted, key=lambda m: m.filename):
        name = member.filename
        key = f"{source.path}/{name}"
        if unsafe_name(name):
            contents.skipped.append(Skipped(key, UNSAFE_NAME))
            continue
        if name in names:
            contents.skipped.append(Skipped(key, DUPLICATE_MEMBER))
            continue
        names.add(name)
        if problem := member_problem(member, max_bytes):
            contents.skipped.append(Skipped(key, problem))
            continue
        try:
            member_data = read_member(archive, member, max_bytes, budget.max_ratio)
            if name.lower().endswith(TEXT_SUFFIXES):
                contents.documents.append(
                    _text_document(key, source.path, decode_text(member_data))
                )
            else:
                inner = _archive_documents(member_data, name, key, source.path)
                contents.documents.extend(inner.documents)
                contents.skipped_records += inner.skipped_records
                contents.skipped.extend(inner.skipped)
        except Exception as error:  # one bad member never stops the others
            contents.skipped.append(Skipped(key, failure_reason(error)))
    return contents


def failure_reason(error: BaseException) -> str:
    """The reason shown for a file or member whose reading raised error."""
    if isinstance(error, UnreadableSource | LimitExceeded):
        return str(error)
    if isinstance(error, zlib.error):
        return f"corrupt compressed data ({error})"
    if isinstance(error, zipfile.BadZipFile | EOFError):
        return f"damaged zip member ({error or 'truncated'})"
    if isinstance(error, NotImplementedError):
        return f"compression method not supported ({error})"
    if isinstance(error, MemoryError):
        return "too large to read into memory"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot be read ({error.strerror})"
    return f"cannot be read ({type(error).__name__}: {str(error)[:200]})"


def read_source(
    source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES, budget: BuildBudget | None = None
) -> SourceContents:
    """Read one source file into documents, or raise UnreadableSource with the reason."""
    budget = budget or BuildBudget()
    if source.size > max_bytes:
        raise UnreadableSource(
            f"larger than the {max_bytes / (1024 * 1024):.4g} MB limit ({source.size:,} bytes)"
        )
    if source.size == 0:
        raise UnreadableSource("empty file")
    try:
        data = source.absolute.read_bytes()
    except OSError as error:
        raise UnreadableSource(f"cannot be read ({error.strerror})") from None
    name = source.path.lower()
    if name.endswith(OFFICE_SUFFIXES):
        return office_documents(data, source.path)
    if name.endswith(".zip"):
        return _zip_documents(data, source, max_bytes, budget)
    try:
        budget.take(len(data))
    except LimitExceeded as error:
        raise UnreadableSource(str(error)) from None
    if name.endswith((".json", ".jsonl")):
        return _archive_documents(data, name, source.path, source.path)
    return SourceContents([_text_document(source.path, source.path, decode_text(data))])


def office_documents(data: bytes, path: str) -> SourceContents:
    """A PDF becomes one document a page (its page number kept); a Word file or web page one."""
    try:
        parts: list[OfficeDocument] = read_office(data, path)
    except UnreadableOffice as error:
        raise UnreadableSource(str(error)) from None
    contents = SourceContents()
    for part in parts:
        key = f"{path}#{part.page}" if part.page else path
        title = part.title or title_of(part.text)
        size = len(part.text.encode("utf-8"))
        contents.documents.append(
            DocumentRecord(
                key, path, title, part.text, _sha256(title, part.text), size, page=part.page
            )
        )
    return contents


def file_sha256(path: Path) -> str:
    """Hash a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iter_documents(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[DocumentRecord]:
    """Yield every readable document under root (for tools that need no report)."""
    for source in list_sources(root)[0]:
        try:
            documents = read_source(source, max_bytes).documents
        except Exception:  # skipped, as a build skips it (the build names the reason)
            continue
        yield from documents
