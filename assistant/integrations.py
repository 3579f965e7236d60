"""LangChain pieces: a retriever over the hybrid search and a Runnable for the whole check, so
the assistant drops into LangChain apps.

    retriever = FactCheckRetriever(assistant=build_assistant(Settings()), k=5)
    docs = retriever.invoke("Cuban officers killed in Venezuela")
    result = check_runnable(assistant).invoke({"input": "32 Cuban officers were killed"})
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import ConfigDict

from assistant.retrieval import DEFAULT_PASSAGES, Filters


class FactCheckRetriever(BaseRetriever):
    """Hybrid (dense + BM25) retrieval over the indexed articles as LangChain ``Document``s."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any
    k: int = 8
    filters: Filters | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.assistant.retrieve(query, self.k, self.filters)
        return [
            Document(
                id=hit.id,
                page_content=hit.passage.text,
                metadata={
                    **{k: v for k, v in hit.passage.metadata.items() if k != "sentences"},
                    "score": round(hit.score, 6),
                    "sources": hit.sources,
                },
            )
            for hit in hits
        ]


def check_runnable(assistant: Any) -> Runnable:
    """A Runnable: a claim or question (a string, or a dict with ``input`` and optional
    ``history``, ``sources``, ``since``, ``until``, ``k``) -> the check as a dict."""

    def run(value: Any) -> dict[str, Any]:
        if isinstance(value, str):
            value = {"input": value}
        text = value.get("input") or value.get("question") or value.get("claim") or ""
        filters = Filters.typed(
            value.get("sources"), value.get("since") or "", value.get("until") or ""
        )
        result = assistant.check(
            text,
            k=int(value.get("k", DEFAULT_PASSAGES)),
            filters=filters,
            history=value.get("history"),
        )
        return result.to_dict()

    return RunnableLambda(run, name="factcheck")
