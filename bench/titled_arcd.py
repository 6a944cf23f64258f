"""Write arcd-train's articles with their titles as first lines, as real .txt archives are.

.venv/bin/python bench/titled_arcd.py /tmp/arcd-titled
.venv/bin/dalil --db /tmp/titled.db index --source /tmp/arcd-titled --quiet
.venv/bin/dalil --db /tmp/titled.db eval eval/arcd-train/questions.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ARCD = Path(__file__).resolve().parent.parent / "eval" / "arcd-train"


def write_titled(folder: Path) -> int:
    """Write each article as «title, blank line, text» into folder; return how many."""
    titles = json.loads((ARCD / "titles.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    articles = sorted((ARCD / "corpus").glob("*.txt"))
    for article in articles:
        text = article.read_text(encoding="utf-8")
        (folder / article.name).write_text(f"{titles[article.name]}\n\n{text}", encoding="utf-8")
    return len(articles)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the titled articles")
    print(json.dumps({"articles": write_titled(parser.parse_args().folder)}))
