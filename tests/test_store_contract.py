"""One contract suite for every Store backend: embedded Chroma and a `chroma run` server."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest

from index.chroma_store import FILTERED, ChromaStore
from index.errors import ArticleNotFound, EmbeddingModelMismatch
from index.models import Article, Chunk
from index.store import (
    SENTENCE_VECTORS_KEY,
    decode_vectors,
    manifest_metadata,
    passage_id,
    passage_metadata,
)

pytestmark = pytest.mark.integration


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ChromaStore:
    name = "t" + uuid.uuid4().hex[:10]
    if request.param == "embedded":
        return ChromaStore(name, path=tmp_path / "chroma")
    host, port = request.getfixturevalue("chroma_server")
    return ChromaStore(name, host=host, port=port)


def make(article_id: str, text: str, source: str = "Wire", published: str = "2026-01-04"):
    article = Article(article_id, f"Title {article_id}", text, source=source, published=published)
    chunks = []
    start = 0
    for i, para in enumerate(text.split("\n\n")):
        chunks.append(
            Chunk(
                article_id,
                i,
                para,
                start,
                start + len(para),
                (i + 1,),
                ((start, start + len(para)),),
            )
        )
        start += len(para) + 2
    rng = np.random.default_rng(abs(hash(text)) % 2**32)
    vectors = rng.normal(size=(len(chunks), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return article, chunks, vectors


def test_empty_store_has_no_identity(store: ChromaStore) -> None:
    assert store.identity() is None
    assert store.manifest() == {}
    assert store.query(np.ones(8, dtype=np.float32), 5) == []


def test_write_then_read_back(store: ChromaStore) -> None:
    ident = store.start("m", "b", 8)
    assert store.identity() == ident
    item = make("a1", "First paragraph.\n\nSecond paragraph.")
    store.write(ident, [item], {})
    manifest = store.manifest()
    assert set(manifest) == {"a1"}
    assert manifest["a1"].passages == 2 and manifest["a1"].source == "Wire"
    assert store.count_passages() == 2
    assert store.article("a1").text == "First paragraph.\n\nSecond paragraph."
    hits = store.query(item[2][1], 1)
    assert hits[0].id == passage_id("a1", item[0].content_hash, 1)
    assert hits[0].text == "Second paragraph."
    assert hits[0].score == pytest.approx(1.0, abs=1e-3)
    meta = hits[0].metadata
    assert (meta["start"], meta["end"], meta["paragraph"]) == (18, 35, 2)
    assert meta["published_int"] == 20260104


def test_sentence_vectors_are_kept_with_their_passage(store: ChromaStore) -> None:
    """Vectors given for a passage's sentences come back with its hits and by id, close to
    what was written (int8); a passage given none, or the wrong number, has none."""
    ident = store.start("m", "b", 8)
    article, chunks, vectors = make("a1", "One.\n\nTwo.\n\nThree.")
    rng = np.random.default_rng(3)
    given = rng.normal(size=(1, 8)).astype(np.float32)
    given /= np.linalg.norm(given)
    wrong = np.ones((2, 8), dtype=np.float32) / np.sqrt(8)  # two rows for a one-sentence passage
    store.write(ident, [(article, chunks, vectors)], {}, sentence_vectors=[[given, None, wrong]])
    ids = [passage_id("a1", article.content_hash, i) for i in range(3)]
    kept = store.sentence_vectors([*ids, "no-such-passage"])
    assert set(kept) == {ids[0]}
    back = decode_vectors(kept[ids[0]], 1, 8)
    assert back is not None and float(back[0] @ given[0]) > 0.98  # 4-bit
    hit = store.query(vectors[0], 1)[0]
    assert hit.id == ids[0] and hit.metadata[SENTENCE_VECTORS_KEY] == kept[ids[0]]
    assert SENTENCE_VECTORS_KEY not in store.query(vectors[1], 1)[0].metadata
    assert decode_vectors(kept[ids[0]], 1, 16) is None  # another model's dimension
    assert decode_vectors(kept[ids[0]], 2, 8) is None
    assert decode_vectors("not base64!", 1, 8) is None and decode_vectors(None, 1, 8) is None
    assert store.article("a1").text == "One.\n\nTwo.\n\nThree."


def test_passage_text_is_metadata_and_older_stores_still_read(store: ChromaStore) -> None:
    ident = store.start("m", "b", 8)
    item = make("a1", "First paragraph.\n\nSecond paragraph.")
    store.write(ident, [item], {})
    col = store._passages(ident)
    raw = col.get(include=["documents", "metadatas"])
    # no Chroma document (its full-text index is unused and costly); the text is metadata
    assert raw["documents"] == [None, None]
    assert sorted(m["text"] for m in raw["metadatas"]) == ["First paragraph.", "Second paragraph."]
    # a store written before kept the text as the document and every metadata key on its own:
    # rewrite one passage that way
    pid = passage_id("a1", item[0].content_hash, 1)
    new_meta = store.query(item[2][1], 1)[0].metadata
    old = col.get(ids=[pid], include=["embeddings"])
    col.delete(ids=[pid])
    col.add(
        ids=[pid], embeddings=old["embeddings"], documents=["Old second."], metadatas=[new_meta]
    )
    hit = store.query(item[2][1], 1)[0]
    assert (hit.id, hit.text) == (pid, "Old second.")
    assert hit.metadata == new_meta and "text" not in hit.metadata
    texts = sorted(p.text for p in store.passages())
    assert texts == ["First paragraph.", "Old second."]
    assert [p.text for p in store.passages(where={"source": "Wire"})] != []
    # ... and kept the article's text as the manifest record's document, its fields unpacked
    entry = store.manifest()["a1"]
    manifest = store._manifest(ident)
    record = manifest.get(ids=["a1"], include=["embeddings"])
    manifest.delete(ids=["a1"])
    manifest.add(
        ids=["a1"],
        embeddings=record["embeddings"],
        documents=["The text as stored before."],
        metadatas=[manifest_metadata(entry)],
    )
    assert store.manifest()["a1"] == entry
    assert store.article("a1").text == "The text as stored before."


def test_unfiltered_metadata_is_packed_into_one_field(store: ChromaStore) -> None:
    """Chroma indexes every metadata key, at a cost per key on every write: keys no filter uses
    travel as one JSON string and come back unpacked."""
    ident = store.start("m", "b", 8)
    first = make("a1", "One.\n\nTwo.", published="2026-01-04")
    store.write(ident, [first, make("a2", "Three.", published="")], {})
    raw = store._passages(ident).get(include=["metadatas"])["metadatas"]
    assert all(set(m) == {*FILTERED, "text", "fields"} for m in raw)
    manifest_raw = store._manifest(ident).get(include=["metadatas"])["metadatas"]
    assert all(set(m) == {"fields"} for m in manifest_raw)
    hit = next(p for p in store.passages() if p.text == "Two.")
    assert hit.metadata == passage_metadata(first[0], first[1][1])
    assert store.manifest()["a1"].title == "Title a1"
    vec = np.ones(8, dtype=np.float32) / np.sqrt(8)
    dated = store.query(vec, 5, where={"published_int": {"$gte": 20260101}})
    assert {h.article_id for h in dated} == {"a1"}


def test_rewrite_replaces_without_duplicates(store: ChromaStore) -> None:
    ident = store.start("m", "b", 8)
    store.write(ident, [make("a1", "One.\n\nTwo.\n\nThree.")], {})
    previous = store.manifest()
    store.write(ident, [make("a1", "One, changed.\n\nTwo.")], previous)
    assert store.count_passages() == 2
    assert [p.text for p in sorted(store.passages(), key=lambda p: p.id)] != []
    assert {p.text for p in store.passages()} == {"One, changed.", "Two."}


def test_remove(store: ChromaStore) -> None:
    ident = store.start("m", "b", 8)
    store.write(ident, [make("a1", "One."), make("a2", "Two.")], {})
    store.remove(ident, [store.manifest()["a1"]])
    assert set(store.manifest()) == {"a2"}
    assert {p.article_id for p in store.passages()} == {"a2"}
    with pytest.raises(ArticleNotFound, match="a1"):
        store.article("a1")


def test_orphan_passages_are_invisible_and_swept(store: ChromaStore) -> None:
    ident = store.start("m", "b", 8)
    article, chunks, vectors = make("a1", "Committed.")
    store.write(ident, [(article, chunks, vectors)], {})
    # Simulate a run killed after writing passages but before the manifest commit.
    orphan, ochunks, ovectors = make("a1", "Never committed.")
    store._passages(ident).add(
        ids=[passage_id("a1", orphan.content_hash, 0)],
        embeddings=ovectors,
        documents=["Never committed."],
        metadatas=[{"article_id": "a1", "content_hash": orphan.content_hash}],
    )
    assert {p.text for p in store.passages()} == {"Committed."}
    assert all(h.text != "Never committed." for h in store.query(ovectors[0], 5))
    assert store.sweep(ident) == 1
    assert store.count_passages() == 1


def test_model_mismatch_is_a_clear_error(store: ChromaStore) -> None:
    store.start("model-a", "torch", 8)
    with pytest.raises(EmbeddingModelMismatch, match="factcheck index rebuild"):
        store.start("model-b", "torch", 8)


def test_new_generation_is_invisible_until_activated(store: ChromaStore) -> None:
    old = store.start("m", "b", 8)
    store.write(old, [make("a1", "Old text.")], {})
    new = store.start("m2", "b", 8, fresh=True)
    store.write(new, [make("a1", "New text.")], {})
    assert store.identity() == old
    assert {p.text for p in store.passages()} == {"Old text."}
    store.activate(new)
    assert store.identity() == new
    assert {p.text for p in store.passages()} == {"New text."}
    assert store.leftover_generations() == []


def test_filter_by_source(store: ChromaStore) -> None:
    ident = store.start("m", "b", 8)
    store.write(ident, [make("a1", "One.", source="AP"), make("a2", "Two.", source="Reuters")], {})
    vec = np.ones(8, dtype=np.float32) / np.sqrt(8)
    hits = store.query(vec, 5, where={"source": "Reuters"})
    assert [h.article_id for h in hits] == ["a2"]


def test_dirty_flag_round_trip(store: ChromaStore) -> None:
    ident = store.start("m", "b", 8)
    assert not store.is_dirty(ident)
    store.mark_dirty(ident, True)
    assert store.is_dirty(ident)
    store.mark_dirty(ident, False)
    assert not store.is_dirty(ident)


def test_a_long_lived_reader_sees_later_writes(store: ChromaStore) -> None:
    """The web app keeps one store open while `factcheck index add` writes through another."""
    ident = store.start("m", "b", 8)
    reader = ChromaStore(store.name, path=store.path, host=store.host, port=store.port)
    first = make("a1", "First.")
    store.write(ident, [first], {})
    before = reader.revision()
    assert before is not None and [h.article_id for h in reader.query(first[2][0], 5)] == ["a1"]
    second = make("a2", "Second.")
    store.write(ident, [second], store.manifest())
    assert reader.revision() != before
    assert {h.article_id for h in reader.query(second[2][0], 5)} == {"a1", "a2"}
    after_write = reader.revision()
    store.remove(ident, [store.manifest()["a1"]])
    assert reader.revision() != after_write
    assert {h.article_id for h in reader.query(second[2][0], 5)} == {"a2"}


def test_whole_collection_reads_go_a_page_at_a_time(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One read of a whole large collection fails in Chroma's SQLite ("too many SQL
    variables" at ~40,000 passages): reads are paged, and paging loses and repeats nothing."""
    from index import chroma_store
    from index.indexer import Indexer
    from index.settings import Settings
    from tests.conftest import FakeEmbedder

    settings = Settings(data_dir=tmp_path / "data")
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(23):
        (folder / f"s{i}.txt").write_text(f"Story {i} opens.\n\nIt goes on {i}.\n\nIt ends {i}.\n")
    indexer = Indexer(settings, FakeEmbedder(max_tokens=8), ChromaStore.from_settings(settings))
    indexer.add([folder])
    store = ChromaStore.from_settings(settings)
    whole = sorted(p.id for p in store.passages())
    entries = store.manifest()
    monkeypatch.setattr(chroma_store, "READ_PAGE", 4)
    assert sorted(p.id for p in store.passages()) == whole and len(whole) > 23
    assert store.manifest() == entries
    assert store.sweep(store.identity()) == 0
    for article_id in entries:
        assert store.article(article_id).text
