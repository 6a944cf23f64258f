"""Arabic corpora of any size, recombined from the seed sentences with a fixed random seed."""

from __future__ import annotations

import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")


def seed_sentences() -> list[str]:
    """Every sentence of the seed articles longer than a few words, in a fixed order."""
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 5]
    return sentences


def write_corpus(folder: Path, count: int, seed: int, prefix: str = "doc") -> list[Path]:
    """Write count documents of 3-6 paragraphs of recombined seed sentences into folder."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        paragraphs = [
            " ".join(rng.choices(sentences, k=rng.randint(2, 5))) for _ in range(rng.randint(3, 6))
        ]
        title = " ".join(rng.choice(sentences).split()[:8])
        path = folder / f"{prefix}-{number:04d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        written.append(path)
    return written


def write_two_corpora(root: Path, count: int, seeds: tuple[int, int]) -> dict[str, Path]:
    """Two generated corpora, a and b, under root; their file names (so their answers) differ."""
    for name, seed in zip("ab", seeds, strict=True):
        write_corpus(root / name, count, seed=seed, prefix=name)
    return {"a": root / "a", "b": root / "b"}
