"""The assistant object the CLI, the UI and the tests share, and its one builder.

So far it reads the library and searches passages by meaning; verdicts come next (#3).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from index.embedder import Embedder, make_embedder
from index.errors import FactCheckError
from index.models import ManifestEntry
from index.settings import Settings
from index.store import Store, StoredPassage

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2000


@dataclass
class Assistant:
    settings: Settings
    embedder: Embedder
    store: Store

    def warm_up(self) -> None:
        """Load the model now rather than on the first question."""
        self.embedder.embed_query("warm up")

    def library(self) -> list[ManifestEntry]:
        entries = self.store.manifest()
        return sorted(entries.values(), key=lambda e: (e.published, e.title), reverse=True)

    def search(self, query: str, k: int = 5) -> list[StoredPassage]:
        """The ``k`` passages closest in meaning to ``query``."""
        query = " ".join(query.split())
        if not query:
            raise FactCheckError("the question is empty: type a claim or a question")
        if len(query) > MAX_QUERY_CHARS:
            raise FactCheckError(
                f"the question is {len(query)} characters long; keep it under {MAX_QUERY_CHARS}"
            )
        identity = self.store.identity()
        if identity is None:
            raise FactCheckError("the index is empty: add articles with `factcheck index add PATH`")
        return self.store.query(self.embedder.embed_query(query), k)


def build_assistant(settings: Settings) -> Assistant:
    from index.chroma_store import ChromaStore

    return Assistant(settings, make_embedder(settings), ChromaStore.from_settings(settings))
