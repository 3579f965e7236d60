"""The write path end to end with a fake embedder and a real embedded Chroma."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.chroma_store import ChromaStore
from index.errors import ArticleNotFound, EmbeddingModelMismatch, FactCheckError
from index.indexer import Indexer
from index.loaders import LoaderOptions, load_file
from index.models import Article, IndexReport
from index.settings import Settings
from index.store import passage_ids
from tests.conftest import SAMPLE, FakeEmbedder


def make_indexer(settings: Settings, embedder: FakeEmbedder | None = None) -> Indexer:
    return Indexer(settings, embedder or FakeEmbedder(), ChromaStore.from_settings(settings))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SAMPLE, docs / SAMPLE.name)
    (docs / "second.md").write_text(
        "---\ntitle: Mourning in Havana\nsource: Example Wire\npublished: 2026-01-05\n---\n\n"
        "Flags flew at half-staff in Havana on Monday.\n\nCrowds gathered outside the ministry.\n",
        encoding="utf-8",
    )
    return docs


def visible_passage_ids(indexer: Indexer) -> list[str]:
    return [p.id for p in indexer.store.passages()]


def test_add_then_again_embeds_nothing(settings: Settings, folder: Path) -> None:
    embedder = FakeEmbedder()
    indexer = make_indexer(settings, embedder)
    first = indexer.add([folder])
    assert len(first.added) == 2 and not first.failed
    assert first.passages == indexer.store.count_passages() > 2
    embedded = embedder.embedded
    second = make_indexer(settings, embedder).add([folder])
    assert second.added == [] and second.updated == [] and len(second.skipped) == 2
    assert embedder.embedded == embedded  # nothing re-embedded
    ids = visible_passage_ids(indexer)
    assert len(ids) == len(set(ids)) == first.passages


def test_sample_article_metadata(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder / SAMPLE.name])
    [entry] = indexer.list()
    assert (
        entry.title == "Cuba says 32 of its officers were killed in the US operation in Venezuela"
    )
    assert entry.source == "Associated Press"
    assert entry.published == "2026-01-04"
    text = indexer.store.article(entry.article_id).text
    assert "Advertisement" not in text
    assert "This is read by an automated voice" not in text
    for passage in indexer.store.passages():
        meta = passage.metadata
        assert text[meta["start"] : meta["end"]] == passage.text
        for start, end in json.loads(meta["sentences"]):
            assert meta["start"] <= start < end <= meta["end"]


def test_article_text_is_rebuilt_exactly_from_its_passages(
    settings: Settings, folder: Path
) -> None:
    (folder / "long.txt").write_text(
        "A first paragraph. It has two sentences.\n\n"
        + "Then "
        + "y-" * 300
        + " ends here. Short.\n\nLast paragraph.\n",
        encoding="utf-8",
    )
    indexer = make_indexer(settings)  # 64 word-pieces a passage: many passages, a cut word
    assert not indexer.add([folder]).failed
    options = LoaderOptions.from_settings(settings)
    loaded = {a.id: a for f in sorted(folder.iterdir()) for a in load_file(f, options)}
    assert set(loaded) == {e.article_id for e in indexer.list()}
    for article_id, article in loaded.items():
        assert indexer.store.article(article_id) == article
    spans = sorted(
        (p.metadata["article_id"], p.metadata["start"], p.metadata["end"])
        for p in indexer.store.passages()
    )
    assert any(a[0] == b[0] and a[2] == b[1] for a, b in zip(spans, spans[1:], strict=False))
    # a lost passage is a clear error naming the article, not a wrong text
    entry = next(e for e in indexer.list() if e.passages > 2)
    store = indexer.store
    ident = store.identity()
    store._passages(ident).delete(ids=[passage_ids(entry)[1]])
    with pytest.raises(FactCheckError, match=entry.article_id):
        store.article(entry.article_id)


def test_editing_one_article_replaces_only_it(settings: Settings, folder: Path) -> None:
    embedder = FakeEmbedder()
    indexer = make_indexer(settings, embedder)
    indexer.add([folder])
    before = {e.article_id: e for e in indexer.list()}
    second = folder / "second.md"
    second.write_text(second.read_text().replace("Monday", "Tuesday"), encoding="utf-8")
    embedded = embedder.embedded
    report = indexer.add([folder])
    assert len(report.updated) == 1 and len(report.skipped) == 1
    assert embedder.embedded - embedded == report.passages
    after = {e.article_id: e for e in indexer.list()}
    assert after.keys() == before.keys()
    [changed] = report.updated
    assert after[changed].content_hash != before[changed].content_hash
    texts = [p.text for p in indexer.store.passages() if p.article_id == changed]
    assert any("Tuesday" in t for t in texts) and not any("Monday" in t for t in texts)
    ids = visible_passage_ids(indexer)
    assert len(ids) == len(set(ids)) == indexer.store.count_passages()


def test_bad_files_are_reported_and_the_rest_indexed(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    kept = indexer.store.count_passages()
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (bad / "broken.json").write_text("{not json")
    (bad / "good.txt").write_text("A new, good article about the port of Mariel.\n")
    report = indexer.add([folder, folder / "missing.txt"])
    failed = dict(report.failed)
    assert {Path(p).name for p in failed} >= {
        "empty.txt",
        "binary.txt",
        "broken.json",
        "missing.txt",
    }
    assert all(reason for reason in failed.values())
    assert len(report.added) == 1 and len(report.skipped) == 2
    assert indexer.store.count_passages() > kept
    assert len(indexer.list()) == 3


def test_sync_removes_deleted_files_but_keeps_unreadable_ones(
    settings: Settings, folder: Path
) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    (folder / "second.md").unlink()
    shutil.copy(SAMPLE, folder / "copy.txt")
    (folder / "copy.txt").write_bytes(b"\xff\xfe\x00garbage\x00")  # now unreadable
    report = indexer.sync(folder)
    assert len(report.removed) == 1
    titles = {e.title for e in indexer.list()}
    assert "Mourning in Havana" not in titles
    assert len(titles) == 1 and report.failed


def test_sync_keeps_articles_of_a_file_that_fails(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    (folder / "second.md").write_bytes(b"\x00\x00binary now")
    report = indexer.sync(folder)
    assert report.removed == [] and report.failed
    assert "Mourning in Havana" in {e.title for e in indexer.list()}


def test_remove(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    victim = next(e for e in indexer.list() if e.title == "Mourning in Havana")
    indexer.remove([victim.article_id])
    assert victim.article_id not in {e.article_id for e in indexer.list()}
    assert all(p.article_id != victim.article_id for p in indexer.store.passages())
    with pytest.raises(ArticleNotFound, match="index list"):
        indexer.remove(["no-such-id"])


def test_rebuild_builds_aside_and_switches(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    old = indexer.store.identity()
    old_ids = set(visible_passage_ids(indexer))
    seen_during: list[set[str]] = []

    def watch(done: int, total: int, what: str) -> None:
        if what == "embedding and writing":
            reader = ChromaStore.from_settings(settings)
            seen_during.append({p.id for p in reader.passages()})

    report = indexer.rebuild(watch)
    assert seen_during and all(ids == old_ids for ids in seen_during)
    new = indexer.store.identity()
    assert new is not None and old is not None and new.generation != old.generation
    assert len(report.updated) == 2
    assert {e.title for e in indexer.list()} == {
        "Cuba says 32 of its officers were killed in the US operation in Venezuela",
        "Mourning in Havana",
    }
    assert indexer.store.leftover_generations() == []


def test_changed_model_is_a_clear_error_and_rebuild_fixes_it(
    settings: Settings, folder: Path
) -> None:
    make_indexer(settings, FakeEmbedder("model-a")).add([folder])
    other = make_indexer(settings, FakeEmbedder("model-b"))
    with pytest.raises(EmbeddingModelMismatch, match="model-a.*model-b.*rebuild"):
        other.add([folder])
    other.rebuild()
    assert other.store.identity().model == "model-b"
    assert len(other.add([folder]).skipped) == 2


def test_rebuild_failure_keeps_the_current_index(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    old = indexer.store.identity()

    class Broken(FakeEmbedder):
        def embed_documents(self, texts):  # type: ignore[no-untyped-def]
            raise RuntimeError("out of memory")

    broken = Indexer(settings, Broken(), indexer.store)
    with pytest.raises(RuntimeError):
        broken.rebuild()
    assert indexer.store.identity() == old
    assert len(indexer.list()) == 2
    assert indexer.store.leftover_generations() == []


def test_one_writer_at_a_time(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    with indexer._lock(), pytest.raises(FactCheckError, match="another indexing run"):
        make_indexer(settings).add([folder])


def test_the_rate_leaves_out_the_one_time_model_set_up() -> None:
    report = IndexReport(added=["a"], passages=100, seconds=30.0, setup_seconds=20.0)
    assert report.passages_per_second == 10.0
    assert "(10.0 passages/s); 20 s of it preparing the model" in report.summary()
    assert "preparing" not in IndexReport(passages=5, seconds=2.0, setup_seconds=0.2).summary()


def test_progress_moves_within_one_large_article(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.indexer as module
    from assistant.web import _progress

    monkeypatch.setattr(module, "EMBED_SLICE", 4)
    big = tmp_path / "big.txt"
    big.write_text(
        "\n\n".join(
            f"Paragraph {i} says the harbour crane number {i} was inspected." for i in range(60)
        )
    )
    calls: list[tuple[int, int, str]] = []
    indexer = Indexer(settings, FakeEmbedder(), ChromaStore.from_settings(settings))
    indexer.add([big], lambda d, t, w: calls.append((d, t, w)))
    embedding = [(d, t) for d, t, w in calls if w == "embedding"]
    assert len(embedding) > 2 and 0 < embedding[0][0] < embedding[0][1]  # not 0% until the end
    assert embedding[-1][0] == embedding[-1][1]
    assert "splitting articles" in {w for _, _, w in calls}
    shown: list[tuple[float, str]] = []
    update = _progress(lambda share, line: shown.append((share, line)))
    update(1, 4, "embedding")
    update(4, 4, "embedding")
    assert shown[0] == (0.25, "embedding: 25%") and shown[-1][1] == "embedding: 100%"
    update(2, 8, "embedding and writing")
    assert shown[-1] == (0.25, "embedding and writing: 2/8 articles")


def _write_raw(indexer: Indexer, articles: list[Article]) -> None:
    """Write articles as they are, past the loaders' cleaning (a store of another version)."""
    report = IndexReport()
    with indexer._writing() as (identity, previous):
        indexer._write_changed(identity, articles, previous, report, lambda *a: None)
    assert not report.failed


ODD_GAPS = Article(
    id="odd-gaps",
    title="Odd gaps",
    text="Tabs\tbetween words end here.\t \tThe second sentence is after a tab gap.\n\n\n\n"
    "Four breaks before this one.\u2028And a line separator. " + "Filler words. " * 20 + "  ",
    source="Test",
)


def test_any_gap_between_passages_rebuilds_exactly(settings: Settings) -> None:
    indexer = make_indexer(settings, FakeEmbedder(max_tokens=12))
    _write_raw(indexer, [ODD_GAPS])
    assert indexer.list()[0].passages > 3
    assert indexer.store.article("odd-gaps") == ODD_GAPS


def test_rebuild_goes_on_past_an_article_its_passages_cannot_rebuild(
    settings: Settings, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index import chroma_store

    indexer = make_indexer(settings, FakeEmbedder(max_tokens=12))
    indexer.add([folder])
    # a store written before gaps were kept: the odd gaps are not in it
    monkeypatch.setattr(chroma_store, "GAP_KEY", "not-read")
    _write_raw(indexer, [ODD_GAPS])
    monkeypatch.undo()
    with pytest.raises(FactCheckError, match="odd-gaps.*do not rebuild"):
        indexer.store.article("odd-gaps")
    report = indexer.rebuild()
    assert len(report.updated) == 3 and not report.failed
    assert [name for name, _ in report.warnings] == ["“Odd gaps” (odd-gaps)"]
    assert "rebuilt from its passages" in report.warnings[0][1]
    rebuilt = indexer.store.article("odd-gaps")  # exact from now on: its gaps are stored
    assert rebuilt.text.split() == ODD_GAPS.text.split()
    assert {e.title for e in indexer.list()} >= {"Odd gaps", "Mourning in Havana"}


def test_rebuild_keeps_an_article_it_cannot_split_again(settings: Settings, folder: Path) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    before = {e.article_id: e for e in indexer.list()}

    class Picky(FakeEmbedder):
        def count_tokens(self, texts):  # type: ignore[no-untyped-def]
            if any("half-staff" in t for t in texts):
                raise TypeError("TextEncodeInput must be Union[TextInputSequence, ...]")
            return super().count_tokens(texts)

    report = Indexer(settings, Picky(), indexer.store).rebuild()
    assert not report.failed and len(report.updated) == 1
    assert len(report.warnings) == 1
    name, why = report.warnings[0]
    assert "Mourning in Havana" in name and "could not split" in why and "kept as it was" in why
    after = {e.article_id: e for e in indexer.list()}
    assert set(after) == set(before)
    havana = next(i for i, e in after.items() if e.title == "Mourning in Havana")
    assert after[havana].content_hash == before[havana].content_hash
    assert indexer.store.article(havana).text.startswith("Flags flew at half-staff")
    assert any(p.metadata["article_id"] == havana for p in indexer.store.passages())


def test_a_new_model_that_cannot_take_an_article_stops_the_rebuild(
    settings: Settings, folder: Path
) -> None:
    indexer = make_indexer(settings)
    indexer.add([folder])
    old = indexer.store.identity()

    class Picky(FakeEmbedder):
        def count_tokens(self, texts):  # type: ignore[no-untyped-def]
            if any("half-staff" in t for t in texts):
                raise TypeError("bad input")
            return super().count_tokens(texts)

    with pytest.raises(FactCheckError, match="Mourning in Havana.*current index is unchanged"):
        Indexer(settings, Picky("model-b"), indexer.store).rebuild()
    assert indexer.store.identity() == old and len(indexer.list()) == 2


def test_a_reader_racing_a_rebuilds_switch_reads_the_new_generation(
    settings: Settings, folder: Path
) -> None:
    """The pointer read, then the switch and the old generation dropped, then the collection
    read: the reader retries on the new generation instead of failing."""
    indexer = make_indexer(settings)
    indexer.add([folder])
    reader = ChromaStore.from_settings(settings)
    vector = FakeEmbedder().embed_query("Cuban officers killed")
    article_id = indexer.list()[0].article_id
    assert reader.query(vector, 3) and reader.article(article_id)  # handles of the old one cached
    stale = reader.identity()
    indexer.rebuild()
    real = reader.identity
    for read in (
        lambda: reader.query(vector, 3),
        lambda: reader.passages(),
        lambda: list(reader.manifest()),
        lambda: reader.count_passages(),
        lambda: reader.article(article_id).text,
    ):
        calls = iter([stale])
        reader.identity = lambda calls=calls: next(calls, None) or real()  # type: ignore[method-assign]
        assert read(), "a read racing the switch came back empty"
    reader.identity = real  # type: ignore[method-assign]
    assert reader.identity() != stale


def test_readers_never_fail_while_rebuilds_switch(settings: Settings, folder: Path) -> None:
    import threading

    indexer = make_indexer(settings)
    indexer.add([folder])
    reader = ChromaStore.from_settings(settings)
    vector = FakeEmbedder().embed_query("mourning in Havana")
    errors: list[str] = []
    reads = 0
    done = threading.Event()

    def read_all_the_time() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                if not reader.query(vector, 3) or not reader.passages() or not reader.manifest():
                    errors.append("empty read")
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                errors.append(f"{type(exc).__name__}: {exc}")
            reads += 1

    thread = threading.Thread(target=read_all_the_time)
    thread.start()
    try:
        rebuilds = 0
        while rebuilds < 4 or (reads < 30 and rebuilds < 40):
            indexer.rebuild()
            rebuilds += 1
    finally:
        done.set()
        thread.join()
    assert reads >= 30 and errors == []


def test_an_empty_answer_from_a_generation_switched_out_is_read_again(
    settings: Settings, folder: Path
) -> None:
    # a collection being dropped by a rebuild's switch can answer "nothing" before it answers
    # "gone" (seen in 2 of ~90 reads under load): that is not the archive being empty
    indexer = make_indexer(settings)
    indexer.add([folder])
    reader = ChromaStore.from_settings(settings)
    expected = {p.id for p in reader.passages()}
    real_get_all = reader._get_all
    switched: list[str] = []

    def empty_while_switching(col: object, **kwargs: object) -> dict[str, list[object]]:
        if not switched:
            indexer.rebuild()  # the switch lands while this read is in flight
        if len(switched) < 2:  # the passages and the manifest of the dropped one: "nothing"
            switched.append(getattr(col, "name", "?"))
            return {"ids": [], "documents": [], "metadatas": []}
        return real_get_all(col, **kwargs)

    reader._get_all = empty_while_switching  # type: ignore[method-assign]
    assert {p.id for p in reader.passages()} == expected and len(switched) == 2


def test_rebuilds_give_back_the_disk_of_the_generation_they_drop(
    settings: Settings, folder: Path
) -> None:
    import re

    indexer = make_indexer(settings)
    indexer.add([folder])
    store = indexer.store
    root = settings.data_dir / "chroma"
    uuid = re.compile(r"[0-9a-f-]{36}")

    def segment_folders() -> set[str]:
        return {p.name for p in root.iterdir() if p.is_dir() and uuid.fullmatch(p.name)}

    live = segment_folders()
    for _ in range(3):
        indexer.rebuild()
    assert len(segment_folders()) == len(live)  # three generations dropped, none left behind
    assert indexer.stats()["reclaimable_bytes"] == 0
    # a generation dropped by an older version (no reclaim): counted, then freed by a rebuild
    extra = store.start("fake-embedder", "fake", 32, fresh=True)
    indexer2 = Indexer(settings, FakeEmbedder(), store)
    with indexer2._lock():
        indexer2._write_changed(extra, [ODD_GAPS], {}, IndexReport(), lambda *a: None)
    store.discard(extra)
    stray = root / "notes-and-backups"
    stray.mkdir()
    (stray / "header.bin").write_bytes(b"mine")
    unindexed = root / "0123abcd-0000-4000-8000-000000000000"
    unindexed.mkdir()  # a segment id's name, but no index in it: not ours to judge
    assert indexer.stats()["reclaimable_bytes"] > 0
    indexer.rebuild()
    assert indexer.stats()["reclaimable_bytes"] == 0
    assert stray.exists() and unindexed.exists()
    assert len(indexer.list()) == 2 and store.passages()


def test_a_run_asked_to_stop_keeps_what_it_committed_and_the_next_finishes(
    settings: Settings, tmp_path: Path
) -> None:
    from index.errors import IndexingStopped

    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(30):
        (corpus / f"s{i:02d}.txt").write_text(f"Story {i} opens.\n\nIt ends {i}.\n")
    import index.indexer as module

    indexer = make_indexer(settings)
    commits = 0

    def stop_after_two(done: int, total: int, what: str) -> None:
        nonlocal commits
        if what == "embedding and writing":
            commits += 1
            if commits >= 2:
                raise IndexingStopped("stop")

    old, module.GROUP_PASSAGES = module.GROUP_PASSAGES, 4
    try:
        report = indexer.add([corpus], stop_after_two)
        assert report.stopped and 0 < len(report.added) < 30
        assert report.summary().startswith("stopped before the end")
        assert len(indexer.list()) == len(report.added)
        assert not indexer.store.is_dirty(indexer.store.identity())
        # a stopped sync removes nothing it did not get to
        (corpus / "s00.txt").unlink()
        commits = 0
        assert not indexer.sync(corpus, stop_after_two).removed
        rest = indexer.sync(corpus)
        assert not rest.stopped and len(indexer.list()) == 29
        generation = indexer.store.identity()
        commits = 0
        stopped = indexer.rebuild(stop_after_two)
        assert stopped.stopped and indexer.store.identity() == generation
        assert indexer.store.leftover_generations() == [] and len(indexer.list()) == 29
    finally:
        module.GROUP_PASSAGES = old
