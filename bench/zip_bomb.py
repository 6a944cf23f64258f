"""Measure how a build treats decompression bombs: time, peak memory and the reason given.

Usage: python bench/zip_bomb.py [--megabytes 800]

Writes, in a temporary folder, the seeds and zip files that expand far beyond their size:
`bomb.zip` (members of 19 MB of one repeated letter, together --megabytes of text, the size
the 2.7 MB bomb of issue 17 reached), `ratio.zip` (one member that expands 1,000 times) and
`lying.zip` (a member whose header understates its size). Then runs `dalil index` on it in
a child process and prints one JSON line: seconds, the child's peak resident memory, the
documents indexed and each skipped file with its reason.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def write_bomb(path: Path, megabytes: int) -> None:
    """Members of 19 MB of one letter each, megabytes in all (deflate level 9)."""
    member = ("ا" * (19 * MB // 2)).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for number in range(max(1, megabytes // 19)):
            archive.writestr(f"day-{number:03d}.txt", member)


def write_lying(path: Path) -> None:
    """One 15 MB member whose headers claim 1 KB (a reader trusting them would be fooled)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("small.txt", ("ب" * (15 * MB // 2)).encode())
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        data[start + offset : start + offset + 4] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def main() -> None:
    """Build the bombs, index them beside the seeds, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=800, help="text bomb.zip expands to")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        corpus = Path(temporary) / "corpus"
        shutil.copytree(ROOT / "seeds", corpus)
        write_bomb(corpus / "bomb.zip", args.megabytes)
        with zipfile.ZipFile(corpus / "ratio.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("flat.txt", ("ا" * (15 * MB // 2)).encode())
        write_lying(corpus / "lying.zip")
        sizes = {p.name: p.stat().st_size for p in sorted(corpus.glob("*.zip"))}
        started = time.perf_counter()
        db = Path(temporary) / "d.db"
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", "--db", str(db), "index", "--source", str(corpus)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    skipped = [line.strip() for line in result.stdout.splitlines() if "skipped" in line]
    print(
        json.dumps(
            {
                "bomb_text_mb": args.megabytes,
                "zip_bytes": sizes,
                "exit": result.returncode,
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak_mb, 1),
                "index": result.stdout.splitlines()[-1] if result.stdout else result.stderr,
                "skipped": skipped[1:],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
