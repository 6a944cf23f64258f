"""The same question over the same collection gets the same reply in every process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import EVAL, ROOT, require_eval

# Questions whose excerpts once depended on Python's per-process hash seed: their windows
# weigh the same up to the last bit, and summing over a set changed which one won.
QUESTIONS = [
    "كم سنة استمرت الدولة العثمانية؟",
    "كم دام حكم سلاطين الدولة العثمانية ؟",
    "ما مدى تاثير العوامل الوراثية فى حالات الاضطراب؟",
]
SCRIPT = """
import json, sys
from pathlib import Path
from retrieval.analyzer import Analyzer
from retrieval.corpus import DocumentInfo, build_corpus
from retrieval.search import Searcher
from storage.corpus_reader import iter_documents
analyzer = Analyzer()
folder = Path(sys.argv[1])
docs = ((DocumentInfo(r.path, r.title), r.text) for r in iter_documents(folder))
searcher = Searcher(build_corpus(docs, analyzer), analyzer)
answers = [searcher.search(q, top_k=10) for q in json.loads(sys.argv[2])]
print(json.dumps([[(h.passage_index, h.excerpt.text) for h in a.hits] for a in answers]))
"""


def test_excerpts_do_not_depend_on_the_hash_seed() -> None:
    corpus = require_eval(EVAL / "arcd-train" / "corpus")

    outputs = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(corpus), json.dumps(QUESTIONS)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
