"""The two BM25 indexes a searcher ranks with: passages, and whole documents for evidence."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from retrieval.bm25 import Bm25Index, Bm25Params
from retrieval.titles import TitleTerms

# Bumped whenever the arrays below change meaning (stored index files carry it; 4: title term
# ids, 5: term frequencies instead of float64 weights).
LAYOUT = "5"


@dataclass(frozen=True)
class SearchIndexes:
    """BM25 over passages (rank_bm25's model), over documents (positive IDF) and over the
    passages' context fields (title, heading, the rest of a long paragraph), and the terms of
    the documents' titles."""

    passages: Bm25Index
    documents: Bm25Index
    context: Bm25Index
    # each document's title terms as ids (None: the searcher analyzes the titles itself)
    titles: TitleTerms | None = None

    def arrays(self) -> dict[str, np.ndarray]:
        """The indexes' arrays, named passage_*, document_* and context_*, and the titles'
        (title_*) when known."""
        arrays = {
            f"{name}_{k}": v
            for name, index in _PARTS.items()
            for k, v in getattr(self, index).arrays().items()
        }
        return arrays | (self.titles.arrays() if self.titles is not None else {})

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], params: Bm25Params) -> SearchIndexes:
        """The indexes back from arrays() (files built with facts(params))."""
        parts = {
            name: {k[len(name) + 1 :]: v for k, v in arrays.items() if k.startswith(f"{name}_")}
            for name in _PARTS
        }
        return cls(
            Bm25Index.from_arrays(parts["passage"], params),
            Bm25Index.from_arrays(parts["document"], document_params(params)),
            Bm25Index.from_arrays(parts["context"], params),
            TitleTerms.from_arrays(arrays),
        )


# The prefix of each index's arrays, and the index.
_PARTS = {"passage": "passages", "document": "documents", "context": "context"}


def document_params(params: Bm25Params) -> Bm25Params:
    """The parameters of the document index: the passages', with positive IDF."""
    return dataclasses.replace(params, positive_idf=True)


def facts(params: Bm25Params) -> dict[str, str]:
    """What stored arrays must have been built with to be used with params."""
    return {
        "search_layout": LAYOUT,
        "bm25": f"k1={params.k1!r} b={params.b!r} epsilon={params.epsilon!r}",
    }


def build_indexes(
    token_ids: np.ndarray,
    lengths: np.ndarray,
    passage_documents: np.ndarray,
    document_count: int,
    vocab_size: int,
    params: Bm25Params,
    context: tuple[np.ndarray, np.ndarray],
) -> SearchIndexes:
    """Index passages whose term ids lie back to back, their documents (the passages' terms
    back to back; passages must run document by document) and their context fields
    (context: term ids back to back, and each passage's count)."""
    passage_documents = np.asarray(passage_documents, dtype=np.int64)
    if np.any(passage_documents[1:] < passage_documents[:-1]):
        raise ValueError("passages must run document by document")
    passages = Bm25Index(token_ids, lengths, vocab_size, params)
    document_lengths = np.bincount(
        passage_documents, weights=lengths, minlength=document_count
    ).astype(np.int64)
    documents = Bm25Index(token_ids, document_lengths, vocab_size, document_params(params))
    context_ids, context_lengths = context
    return SearchIndexes(
        passages, documents, Bm25Index(context_ids, context_lengths, vocab_size, params)
    )
