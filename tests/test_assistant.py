"""The read path against a real embedded Chroma (and a real `chroma run` server): hybrid
retrieval kept in step with the index, filters, de-duplication, evidence offsets, citations, bad
input, the LangChain pieces, and `factcheck eval` on a small set. Fast: a fake embedder and a
rule-based verifier stand in for the models; tests/test_examples.py runs the real ones."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from assistant.integrations import FactCheckRetriever, check_runnable
from assistant.query import resolve
from assistant.retrieval import DEFAULT_PASSAGES, Filters
from assistant.service import Assistant
from index.chroma_store import ChromaStore
from index.errors import FactCheckError, StoreUnavailable
from index.indexer import Indexer
from index.settings import Settings
from tests.conftest import SAMPLE, FakeEmbedder, FakeVerifier, free_port

pytestmark = pytest.mark.integration


def write(folder: Path, name: str, title: str, source: str, published: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        f"---\ntitle: {title}\nsource: {source}\npublished: {published}\n---\n\n{body}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def parts(settings: Settings) -> tuple[Settings, FakeEmbedder, ChromaStore]:
    return settings, FakeEmbedder(), ChromaStore.from_settings(settings)


@pytest.fixture
def assistant(parts, tmp_path: Path) -> Assistant:  # type: ignore[no-untyped-def]
    settings, embedder, store = parts
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sample.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    Indexer(settings, embedder, store).add([docs])
    return Assistant(settings, embedder, store, verifier=FakeVerifier())


def test_evidence_offsets_point_into_the_stored_article(assistant: Assistant) -> None:
    result = assistant.check("32 Cuban officers were killed in the US operation in Venezuela")
    assert result.evidence and result.citations
    article = assistant.store.article(result.evidence[0].article_id)
    for item in result.evidence:
        assert article.text[item.start : item.end] == item.sentence
        paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
        assert item.sentence in paragraphs[item.paragraph - 1]
    first = result.citations[0]
    assert first.source == "Associated Press" and first.published == "2026-01-04"
    assert first.title.startswith("Cuba says 32") and first.paragraph >= 1
    assert "[1]" in result.answer and first.sentence.split()[0] in result.answer


def test_verdicts_with_the_rule_verifier(assistant: Assistant) -> None:
    supported = assistant.check("32 Cuban officers were killed in the US operation in Venezuela")
    assert supported.verdict == "SUPPORTED"
    refuted = assistant.check("The US operation killed 23 Cuban officers")
    assert refuted.verdict == "REFUTED" and "numbers differ: claim 23, source 32" in refuted.answer
    nothing = assistant.check("The Eiffel Tower is in Berlin")
    assert nothing.verdict == "NOT ENOUGH INFO" and nothing.citations == []
    assert "nothing in the indexed articles" in nothing.answer


def test_question_and_follow_up(assistant: Assistant) -> None:
    days = assistant.check("How many days of mourning did Cuba announce?")
    assert days.kind == "question" and days.answer.startswith("Two days")
    assert "two days of mourning" in days.citations[0].sentence
    follow = assistant.check(
        "And how many Venezuelans?", history=["How many Cuban officers were killed?"]
    )
    assert follow.checked == "how many Venezuelans were killed?"
    assert "give no number" in follow.answer.splitlines()[0]


def test_bad_input_is_a_clear_message(assistant: Assistant, parts) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FactCheckError, match="empty"):
        assistant.check("   ")
    with pytest.raises(FactCheckError, match="10000 characters long"):
        assistant.check("x" * 10_000)
    settings, embedder, _ = parts
    empty = Settings(data_dir=settings.data_dir / "other")
    lonely = Assistant(empty, embedder, ChromaStore.from_settings(empty), verifier=FakeVerifier())
    with pytest.raises(FactCheckError, match="the index is empty"):
        lonely.check("anything")


def test_a_chroma_server_that_is_down(settings: Settings) -> None:
    down = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": free_port()})
    assistant = Assistant(
        down, FakeEmbedder(), ChromaStore.from_settings(down), verifier=FakeVerifier()
    )
    with pytest.raises(StoreUnavailable, match="start it"):
        assistant.check("32 Cuban officers were killed")


def test_lexical_index_follows_every_index_command(
    assistant: Assistant, parts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings, embedder, store = parts
    writer = Indexer(settings, embedder, ChromaStore.from_settings(settings))
    assert not any(
        "zanzibar" in h.passage.text.lower() for h in assistant.retrieve("Zanzibar clove harvest")
    )
    extra = write(
        tmp_path / "more",
        "z.md",
        "Cloves",
        "Reuters",
        "2026-02-01",
        "The Zanzibar clove harvest doubled this year.",
    )
    writer.add([extra])
    hits = assistant.retrieve("Zanzibar clove harvest")
    assert hits[0].passage.metadata["source"] == "Reuters" and hits[0].lexical_rank == 0
    writer.remove([hits[0].article_id])
    assert not any(
        "zanzibar" in h.passage.text.lower() for h in assistant.retrieve("Zanzibar clove harvest")
    )
    writer.rebuild()
    assert (
        assistant.retrieve("Cuban officers mourning")[0].passage.metadata["source"]
        == "Associated Press"
    )


def test_filters_duplicates_and_the_per_article_cap(parts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, embedder, store = parts
    story = "Officials said the bridge over the Limpopo river reopened on Monday after repairs that took two years."
    docs = tmp_path / "wire"
    write(docs, "a.md", "Bridge reopens", "Reuters", "2026-01-05", story)
    write(docs, "b.md", "Limpopo bridge reopens", "AFP", "2026-03-02", story)
    long_body = "\n\n".join(
        f"The Limpopo bridge paragraph {i} mentions repairs and the river again." for i in range(12)
    )
    write(docs, "c.md", "Bridge diary", "Local", "2026-02-01", long_body)
    Indexer(settings.model_copy(update={"chunk_tokens": 32}), embedder, store).add([docs])
    assistant = Assistant(settings, embedder, store, verifier=FakeVerifier())
    hits = assistant.retrieve("Limpopo bridge reopened after repairs", k=10)
    wire = [h for h in hits if "reopened on Monday" in h.passage.text]
    assert len(wire) == 1 and sorted(wire[0].sources) == ["AFP", "Reuters"]
    assert sum(h.article_id == hits[-1].article_id for h in hits) <= assistant.retrieval.per_article
    only_afp = assistant.retrieve("Limpopo bridge reopened", filters=Filters(sources=("AFP",)))
    assert {h.passage.metadata["source"] for h in only_afp} == {"AFP"}
    january = assistant.retrieve(
        "Limpopo bridge reopened", filters=Filters(since="2026-01", until="2026-01-31")
    )
    assert {h.passage.metadata["published"] for h in january} == {"2026-01-05"}
    assert assistant.retrieve("Limpopo bridge", filters=Filters(since="2027")) == []


def test_evidence_competes_from_every_retrieved_passage(parts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, embedder, store = parts
    docs = tmp_path / "many"
    for i in range(12):
        body = f"The harbour board met on day {i} and talked about ferries, tides and pier {i}."
        if i == 7:
            body += " Divers found a sunken schooner beneath the old lighthouse."
        write(docs, f"{i}.md", f"Harbour board {i}", "Local", "2026-02-01", body)
    Indexer(settings, embedder, store).add([docs])
    assistant = Assistant(settings, embedder, store, verifier=FakeVerifier())
    assert DEFAULT_PASSAGES == 20
    claim = "The harbour board heard that divers found a sunken schooner beneath the lighthouse"
    hits = assistant.retrieve(claim, k=12)
    assert len(hits) == 12
    # the passage that has it last of twelve: its sentence still competes and comes out on top
    last = next(h for h in hits if "schooner" in h.passage.text)
    order = [h for h in hits if h is not last] + [last]
    query = resolve(claim)
    evidence = assistant.select_evidence(query, order, embedder.embed_query(query.checked))
    assert evidence[0].article_id == last.article_id and "schooner" in evidence[0].sentence
    result = assistant.check(claim)  # k defaults to DEFAULT_PASSAGES: all twelve come back
    assert len(result.hits) == 12 and "schooner" in result.evidence[0].sentence


def test_langchain_retriever_and_runnable(assistant: Assistant) -> None:
    docs = FactCheckRetriever(assistant=assistant, k=3).invoke("Cuban officers killed in Venezuela")
    assert 0 < len(docs) <= 3 and docs[0].metadata["source"] == "Associated Press"
    assert docs[0].metadata["article_id"] and "score" in docs[0].metadata
    out = check_runnable(assistant).invoke({"input": "The US operation killed 23 Cuban officers"})
    assert out["verdict"] == "REFUTED" and out["citations"][0]["source"] == "Associated Press"
    assert (
        check_runnable(assistant).invoke("How many days of mourning did Cuba announce?")["kind"]
        == "question"
    )


def test_hybrid_search_against_a_chroma_server(chroma_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    host, port = chroma_server
    settings = Settings(
        data_dir=tmp_path / "srv",
        chroma_host=host,
        chroma_port=port,
        collection="c" + uuid.uuid4().hex[:8],
    )
    embedder = FakeEmbedder()
    store = ChromaStore.from_settings(settings)
    Indexer(settings, embedder, store).add([SAMPLE])
    assistant = Assistant(settings, embedder, store, verifier=FakeVerifier())
    hits = assistant.retrieve("two days of mourning")
    assert any("two days of mourning" in h.passage.text for h in hits)
    assert any(h.lexical_rank is not None for h in hits)


def tiny_eval_set(folder: Path) -> Path:
    folder.mkdir(parents=True)
    corpus = [
        {
            "_id": "d1",
            "title": "Bridge",
            "text": "The Limpopo bridge reopened on Monday. Repairs took two years.",
            "sentences": ["The Limpopo bridge reopened on Monday.", "Repairs took two years."],
        },
        {
            "_id": "d2",
            "title": "Harvest",
            "text": "The Zanzibar clove harvest doubled. Prices fell.",
            "sentences": ["The Zanzibar clove harvest doubled.", "Prices fell."],
        },
    ]
    queries = [
        {
            "_id": "q1",
            "text": "The Limpopo bridge reopened on Monday.",
            "label": "SUPPORTED",
            "evidence": [{"doc_id": "d1", "sentences": [0]}],
        },
        {
            "_id": "q2",
            "text": "The Zanzibar clove harvest did not double.",
            "label": "REFUTED",
            "evidence": [{"doc_id": "d2", "sentences": [0]}],
        },
        {
            "_id": "q3",
            "text": "Limpopo repairs cost four million.",
            "label": "NOT ENOUGH INFO",
            "evidence": [],
            "cited_doc_ids": ["d1"],
        },
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in corpus) + "\n")
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(r) for r in queries) + "\n")
    (folder / "qrels.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td1\t1\n"
    )
    return folder


def test_eval_reports_retrieval_verdicts_and_latency(settings: Settings, tmp_path: Path) -> None:
    from assistant.evaluate import evaluate, markdown

    data = tiny_eval_set(tmp_path / "tiny")
    embedder = FakeEmbedder()

    def factory(s: Settings) -> Assistant:
        return Assistant(s, embedder, ChromaStore.from_settings(s), verifier=FakeVerifier())

    result = evaluate(settings, data, assistant_factory=factory)
    assert result["claims"] == 3 and result["ndcg@10"] == pytest.approx(1.0)
    assert result["recall@5"] == 1.0 and result["mrr"] == 1.0
    assert result["confusion"]["SUPPORTED"]["SUPPORTED"] == 1
    assert 0 <= result["macro_f1"] <= 1 and result["latency_p95_ms"] > 0
    assert result["evidence@3"] == 1.0
    for low, high in result["intervals"].values():  # 95% bootstrap intervals, each a range
        assert 0 <= low <= high <= 1
    assert (
        result["intervals"]["accuracy"][0]
        <= result["accuracy"]
        <= result["intervals"]["accuracy"][1]
    )
    rows: list[dict] = []
    again = evaluate(settings, data, assistant_factory=factory, verdict_rows=rows)  # cached index
    assert again["ndcg@10"] == result["ndcg@10"]
    # each claim's verdict, to see which a change moves (bench/verdict_diff.py)
    assert [r["set"] for r in rows] == ["tiny"] * 3 and len({r["id"] for r in rows}) == 3
    assert {r["gold"] for r in rows} <= {"SUPPORTED", "REFUTED", "NOT ENOUGH INFO"}
    assert all(r["verdict"] and r["reason"] and 0 <= r["confidence"] <= 1 for r in rows)
    table = markdown([result])
    assert table.startswith("| set | claims |") and "| tiny | 3 |" in table
    assert "tiny: 95% bootstrap intervals over its 3 claims" in table


def test_cli_ask_and_eval_errors_are_clean(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args],
            capture_output=True,
            text=True,
            timeout=300,
        )

    empty = run("ask", "Is anything indexed?")
    assert (
        empty.returncode == 3
        and "the index is empty" in empty.stderr
        and "Traceback" not in empty.stderr
    )
    blank = run("ask", "  ")
    assert blank.returncode == 3 and "empty" in blank.stderr
    bad_date = run("ask", "x", "--since", "last year")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    not_a_set = run("eval", str(tmp_path))
    assert not_a_set.returncode == 3 and "corpus.jsonl is missing" in not_a_set.stderr
    (tmp_path / "corpus.jsonl").write_text('{"_id": "d1", "title": "T", "text": "Text."}\n')
    nowhere = run("eval", str(tmp_path), "--verdicts", str(tmp_path / "no" / "such" / "v.jsonl"))
    assert (
        nowhere.returncode == 2
        and "cannot write" in nowhere.stderr
        and "--verdicts" in (nowhere.stderr)
    )


def test_llm_answers_are_checked_and_a_failing_model_falls_back(
    parts, assistant: Assistant
) -> None:  # type: ignore[no-untyped-def]
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    settings, embedder, store = parts
    reply = (
        "The Cuban government said an American operation in Venezuela killed 32 Cuban officers [1]. "
        "Cuba also won the war [1]."
    )
    writer = Assistant(
        settings,
        embedder,
        store,
        verifier=FakeVerifier(),
        chat_model=FakeListChatModel(responses=[reply]),
    )
    result = writer.check("How many Cuban officers were killed in Venezuela?")
    assert "killed 32 Cuban officers [1]" in result.answer
    assert "won the war" not in result.answer and "not supported by their sources" in result.answer
    assert [s.supported for s in result.sentences[1:]] == [True, False]

    class Down(FakeListChatModel):
        def invoke(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise ConnectionError("connection refused")

    offline = Assistant(
        settings, embedder, store, verifier=FakeVerifier(), chat_model=Down(responses=["x"])
    )
    fallback = offline.check("How many Cuban officers were killed in Venezuela?")
    assert (
        fallback.answer
        == assistant.check("How many Cuban officers were killed in Venezuela?").answer
    )


def test_a_large_lexical_index_is_rebuilt_aside_and_stale_hits_are_dropped(
    assistant: Assistant, parts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """At 100k passages BM25 takes tens of seconds to index: the first question after a change
    must not wait for it. It is answered from the previous BM25 index (minus what the store no
    longer shows) and the vectors, while the new one is built aside."""
    import time

    settings, embedder, store = parts
    cache = assistant.lexical
    cache.aside_above = 0  # every index counts as large here
    assert assistant.retrieve("Cuban officers killed")
    writer = Indexer(settings, embedder, ChromaStore.from_settings(settings))
    extra = write(
        tmp_path / "more",
        "z.md",
        "Cloves",
        "Reuters",
        "2026-02-01",
        "The Zanzibar clove harvest doubled this year.",
    )
    writer.add([extra])
    first = assistant.retrieve("Zanzibar clove harvest")
    assert "Zanzibar" in first[0].passage.text  # found by its vector at once
    assert first[0].lexical_rank is None  # BM25 still the previous revision's
    # ...so on the BM25 side it ranks as its vector ranks: not pushed down by older passages
    # that both sides know
    cfg, rank = assistant.retriever.config, first[0].dense_rank
    assert rank is not None
    assert first[0].score == pytest.approx(
        (cfg.dense_weight + cfg.lexical_weight) / (cfg.rrf_k + rank + 1)
    )
    deadline = time.monotonic() + 30
    while cache._revision != store.revision():
        assert time.monotonic() < deadline, "the BM25 index was not rebuilt aside"
        time.sleep(0.05)
    assert assistant.retrieve("Zanzibar clove harvest")[0].lexical_rank == 0
    writer.remove([first[0].article_id])
    after = assistant.retrieve("Zanzibar clove harvest")  # the stale BM25 index still has it
    assert not any("Zanzibar" in h.passage.text for h in after)
