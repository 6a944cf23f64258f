"""Deterministic synthetic growth of an archive: perturbed copies of every article.

Copy k (1, 2, ...) of a corpus file holds every article of it again, under a new path, with
about PERTURBED of its distinct words given a suffix of rare letters that names the copy
(chosen by a hash of the word and k, so a word changes the same way all through copy k). The
vocabulary and the postings thus grow with the copies, as a larger archive's would, instead of
repeating the same terms.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

# Share of a copy's distinct words that get its suffix.
PERTURBED = 0.2
# Letters that Dalil's analyzer neither normalizes nor strips as an affix.
_LETTERS = "ثخذضظغ"
_WORD = re.compile(r"[\u0621-\u064a]{3,}")


def _suffix(copy: int) -> str:
    """The rare-letter suffix that names copy k (k >= 1), two letters or more."""
    letters, k = [], copy + len(_LETTERS)
    while k:
        k, digit = divmod(k, len(_LETTERS))
        letters.append(_LETTERS[digit])
    return "".join(letters)


def perturb(text: str, copy: int) -> str:
    """The text of copy k: about PERTURBED of its words (the same ones every time) suffixed."""
    suffix = _suffix(copy)

    def change(match: re.Match[str]) -> str:
        word = match.group(0)
        digest = hashlib.blake2b(f"{copy}:{word}".encode(), digest_size=2).digest()
        return word + suffix if int.from_bytes(digest) < PERTURBED * 65536 else word

    return _WORD.sub(change, text)


def _copy_records(data: bytes, copy: int) -> bytes:
    """A JSON array of article records with titles and contents perturbed."""
    records = json.loads(data)
    for record in records:
        for field in ("title", "content"):
            if isinstance(record.get(field), str):
                record[field] = perturb(record[field], copy)
    return json.dumps(records, ensure_ascii=False).encode()


def write_copies(source: Path, target: Path, copies: int) -> int:
    """Write the corpus of source into target `copies` times (the first as it is); return the
    number of files written. Zip files of JSON arrays (SaudiNewsNet), JSON and text files."""
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        for copy in range(copies):
            name = relative if copy == 0 else relative.with_name(f"copy{copy}-{relative.name}")
            out = target / name
            out.parent.mkdir(parents=True, exist_ok=True)
            if copy == 0:
                shutil.copy2(path, out)
            elif path.suffix == ".zip":
                out.write_bytes(_copy_zip(path, copy))
            elif path.suffix == ".json":
                out.write_bytes(_copy_records(path.read_bytes(), copy))
            else:
                out.write_text(perturb(path.read_text(encoding="utf-8"), copy), encoding="utf-8")
            written += 1
    return written


def _copy_zip(path: Path, copy: int) -> bytes:
    """A zip file whose JSON members are perturbed copies."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(path) as archive,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for member in archive.namelist():
            data = archive.read(member)
            out.writestr(member, _copy_records(data, copy) if member.endswith(".json") else data)
    return buffer.getvalue()
