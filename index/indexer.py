"""Orchestrates the write path: load -> clean -> split -> embed -> write, incrementally.

An article whose content hash is already in the manifest is skipped; a changed one is replaced;
nothing is duplicated. Bad files are reported and the run goes on. Rebuilds write a new
generation aside and switch to it at the end, so readers never see a partial index.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.embedder import Embedder
from index.errors import (
    ArticleNotFound,
    FactCheckError,
    IndexingStopped,
    LoadError,
    LoadWarning,
    printable,
)
from index.loaders import LoaderOptions, discover, load_file_with_problems
from index.models import Article, Chunk, IndexReport, ManifestEntry
from index.settings import Settings
from index.splitter import split_article
from index.store import Store, StoreIdentity

log = logging.getLogger(__name__)

# progress(done, total, what): called as work advances; total may be 0 when unknown.
Progress = Callable[[int, int, str], None]

TITLE_TOKENS = 32  # at most this many word-pieces of the title go in front of each passage
EMBED_SLICE = 256  # passages embedded between two progress reports
GROUP_PASSAGES = 512  # passages embedded and written together
# a run this large (~500 passages) asks the embedder for its bulk path (torch bf16 on AMX:
# ~3 s to load, then 2.2x the int8 model's passages/s; elsewhere an int8 session whose threads
# spin, ~10% faster); smaller ones stay on the loaded model
BULK_CHARS = 500_000


def _no_progress(done: int, total: int, what: str) -> None:
    return None


@dataclass
class _Loaded:
    articles: list[Article]
    failed: list[tuple[str, str]]
    warnings: list[tuple[str, str]]
    seen_files: set[str]  # resolved paths of every file found, read or not
    read_files: set[str]  # those read without a file-level failure


class Indexer:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        store: Store,
        options: LoaderOptions | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.options = options or LoaderOptions.from_settings(settings)

    # -- public commands ----------------------------------------------------------------------

    def add(self, paths: Sequence[Path | str], progress: Progress = _no_progress) -> IndexReport:
        """Index new and changed articles from files and folders."""
        with self._writing() as (identity, previous):
            started = time.perf_counter()
            try:
                loaded = self._load(paths, progress)
            except IndexingStopped:
                return IndexReport(stopped=True, seconds=time.perf_counter() - started)
            report = IndexReport(failed=list(loaded.failed), warnings=list(loaded.warnings))
            self._write_stoppable(identity, loaded.articles, previous, report, progress)
            report.seconds = time.perf_counter() - started
            return report

    def sync(self, folder: Path | str, progress: Progress = _no_progress) -> IndexReport:
        """Like ``add`` for one folder, and also remove articles whose files are gone from it."""
        root = Path(folder)
        if not root.is_dir():
            report = IndexReport(failed=[(str(root), "not a folder: `index sync` takes a folder")])
            return report
        with self._writing() as (identity, previous):
            started = time.perf_counter()
            try:
                loaded = self._load([root], progress)
            except IndexingStopped:
                return IndexReport(stopped=True, seconds=time.perf_counter() - started)
            report = IndexReport(failed=list(loaded.failed), warnings=list(loaded.warnings))
            self._write_stoppable(identity, loaded.articles, previous, report, progress)
            if report.stopped:  # what was not looked at is not gone
                report.seconds = time.perf_counter() - started
                return report
            produced = {a.id for a in loaded.articles}
            prefix = printable(str(root.resolve())) + os.sep
            gone = []
            for entry in previous.values():
                file = entry.origin.split("#", 1)[0]
                if not file.startswith(prefix) or entry.article_id in produced:
                    continue
                # A file that failed to load this time keeps its articles.
                if file not in loaded.seen_files or file in loaded.read_files:
                    gone.append(entry)
            self.store.remove(identity, gone)
            report.removed = [e.article_id for e in gone]
            report.seconds = time.perf_counter() - started
            return report

    def remove(self, article_ids: Sequence[str]) -> IndexReport:
        with self._writing() as (identity, previous):
            missing = [i for i in article_ids if i not in previous]
            if missing:
                raise ArticleNotFound(
                    f"no indexed article has the id '{missing[0]}': "
                    "`factcheck index list` shows the ids"
                )
            entries = [previous[i] for i in article_ids]
            self.store.remove(identity, entries)
            return IndexReport(removed=list(article_ids))

    def rebuild(self, progress: Progress = _no_progress) -> IndexReport:
        """Re-split and re-embed every article into a new generation, then switch to it.

        One bad article does not stop the rebuild or get lost: an article whose passages no
        longer give its exact text is rebuilt from the closest text they give, and one that
        cannot be split again is copied as it was (same model) — each named in the report's
        warnings, with the fix."""
        with self._lock():
            started = time.perf_counter()
            old = self.store.identity()
            report = IndexReport()
            articles: list[Article] = []
            entries = self.store.manifest(old) if old is not None else {}
            for n, article_id in enumerate(sorted(entries), 1):
                entry = entries[article_id]
                try:
                    articles.append(self.store.article(article_id, old))
                except ArticleNotFound:  # removed meanwhile (a server store has other writers)
                    continue
                except FactCheckError as exc:
                    try:
                        articles.append(self.store.article(article_id, old, exact=False))
                    except FactCheckError:
                        articles.append(_Unreadable(entry))  # type: ignore[arg-type]
                    else:
                        report.warnings.append((_named(entry), f"{exc}; rebuilt from its passages"))
                try:
                    progress(n, len(entries), "reading the current index")
                except IndexingStopped:
                    report.stopped = True
                    report.warnings = []
                    return report
            for generation in getattr(self.store, "leftover_generations", lambda: [])():
                log.info("dropping the unfinished rebuild %s", generation)
                self.store.discard(StoreIdentity(generation, "", "", 0))
            fresh = self.store.start(
                self.embedder.name, self.embedder.backend, self.embedder.dimension, fresh=True
            )
            readable = [a for a in articles if not isinstance(a, _Unreadable)]
            try:
                self._write_stoppable(fresh, readable, {}, report, progress)
                if report.stopped:  # the new generation is dropped; the index is as it was
                    self.store.discard(fresh)
                    report.added = []
                    report.seconds = time.perf_counter() - started
                    return report
                written = set(report.added)
                left = [entries[a.id] for a in articles if a.id not in written]
                why = dict(report.failed)
                report.failed = [
                    (_named(e), why.get(e.origin or e.article_id, "its text cannot be read back"))
                    for e in left
                ]
                if (
                    left
                    and old is not None
                    and (old.model, old.dimension)
                    == (
                        fresh.model,
                        fresh.dimension,
                    )
                ):
                    self.store.copy(old, fresh, left)
                    report.warnings += [(n, f"{r}; kept as it was") for n, r in report.failed]
                    report.failed = []
            except BaseException:
                self.store.discard(fresh)
                raise
            if report.failed:
                self.store.discard(fresh)
                listed = "; ".join(f"{p}: {r}" for p, r in report.failed[:3])
                more = f" and {len(report.failed) - 3} more" if len(report.failed) > 3 else ""
                raise FactCheckError(
                    f"rebuild stopped: {len(report.failed)} article(s) cannot go into an index "
                    f"built with {fresh.model} ({listed}{more}); the current index is unchanged: "
                    "index their files again, or remove them with `factcheck index remove ID`"
                )
            self.store.activate(fresh)
            reclaim = getattr(self.store, "reclaim", None)
            if reclaim is not None:  # the dropped generation's files (Chroma leaves them)
                reclaim()
            report.updated, report.added = report.added, []
            report.seconds = time.perf_counter() - started
            return report

    def list(self) -> list[ManifestEntry]:
        entries = self.store.manifest()
        return sorted(entries.values(), key=lambda e: (e.published, e.title), reverse=True)

    def stats(self) -> dict[str, Any]:
        identity = self.store.identity()
        entries = self.store.manifest(identity) if identity else {}
        return {
            "store": getattr(self.store, "where", "store"),
            "collection": self.settings.collection,
            "articles": len(entries),
            "passages": self.store.count_passages(identity) if identity else 0,
            "model": identity.model if identity else None,
            "backend": identity.backend if identity else None,
            "dimension": identity.dimension if identity else None,
            "generation": identity.generation if identity else None,
            "size_bytes": self.store.size_bytes(),
            # disk held by dropped generations, freed by the next rebuild (None: a server's)
            "reclaimable_bytes": getattr(self.store, "reclaimable_bytes", lambda: None)(),
            "sources": sorted({e.source for e in entries.values() if e.source}),
            "interrupted_run_pending": bool(identity and self.store.is_dirty(identity)),
        }

    # -- pieces ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """One writer at a time on an embedded store (a server serialises writes itself)."""
        if self.settings.uses_server:
            yield
            return
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.settings.data_dir / ".index.lock"
        with open(path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise FactCheckError(
                    f"another indexing run is writing to {self.settings.data_dir}: wait for it "
                    "to finish, then run this again"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[tuple[StoreIdentity, dict[str, ManifestEntry]]]:
        with self._lock():
            identity = self.store.start(
                self.embedder.name, self.embedder.backend, self.embedder.dimension
            )
            if self.store.is_dirty(identity):
                self.store.sweep(identity)
            self.store.mark_dirty(identity, True)
            yield identity, self.store.manifest(identity)
            self.store.mark_dirty(identity, False)

    def _load(self, paths: Sequence[Path | str], progress: Progress) -> _Loaded:
        loaded = _Loaded([], [], [], set(), set())
        by_id: dict[str, Article] = {}
        for n, found in enumerate(discover(paths, self.options), 1):
            if isinstance(found, LoadError):
                loaded.failed.append((found.path, found.reason))
                continue
            resolved = printable(str(found.resolve()))
            loaded.seen_files.add(resolved)
            try:
                articles, problems = load_file_with_problems(found, self.options)
            except LoadError as exc:
                loaded.failed.append((exc.path, exc.reason))
                continue
            except Exception as exc:  # a loader bug must not end the run
                log.exception("unexpected error reading %s", printable(str(found)))
                loaded.failed.append((printable(str(found)), f"unexpected error: {exc}"))
                continue
            loaded.read_files.add(resolved)
            for p in problems:
                (loaded.warnings if isinstance(p, LoadWarning) else loaded.failed).append(
                    (p.path, p.reason)
                )
            for article in articles:
                if article.id in by_id and by_id[article.id].origin != article.origin:
                    earlier = by_id[article.id].origin
                    loaded.warnings.append(
                        (
                            earlier,
                            f"same URL as {article.origin} ({article.url or article.id}): "
                            "only the later is indexed",
                        )
                    )
                by_id[article.id] = article
            progress(n, 0, "reading files")
        loaded.articles = list(by_id.values())
        return loaded

    def _title_prefix(self, title: str) -> tuple[str, int]:
        """The title as it goes in front of each passage, and its word-pieces."""
        title = " ".join(title.split())
        if not title:
            return "", 0
        words = title.split(" ")
        counts = self.embedder.count_tokens(words)
        # at most half of what the model reads, so a long title leaves room for the text
        limit = min(TITLE_TOKENS, (self.embedder.max_tokens - 2) // 2)
        kept, total = [], 0
        for word, count in zip(words, counts, strict=True):
            if total + count > limit:
                break
            kept.append(word)
            total += count
        return " ".join(kept), total

    def _reuses_tokens(self) -> bool:
        """Whether passages go to the embedder as the word-piece ids the splitter counted:
        with a whitespace-additive tokenizer, a passage's ids are its sentences' ids joined,
        so nothing is tokenised twice."""
        return bool(getattr(self.embedder, "additive_counts", False)) and all(
            hasattr(self.embedder, name) for name in ("token_ids", "embed_token_ids")
        )

    def _split(
        self, article: Article
    ) -> tuple[list[Chunk], list[str] | list[list[int]], list[list[tuple[int, int]] | None]]:
        """An article's passages, what the embedder reads of each (the text with the title in
        front, or its word-piece ids: ``_reuses_tokens``), and where each passage's sentences
        lie in those ids (word-piece offsets, end exclusive; None where not known), for their
        vectors from the passage's own forward pass."""
        prefix, prefix_tokens = self._title_prefix(article.title)
        budget = min(self.settings.chunk_tokens, self.embedder.max_tokens - 2 - prefix_tokens)
        if not self._reuses_tokens():
            chunks = split_article(
                article.id,
                article.text,
                self.embedder.count_tokens,
                budget,
                additive=bool(getattr(self.embedder, "additive_counts", False)),
            )
            texts = [f"{prefix}\n{c.text}" if prefix else c.text for c in chunks]
            return chunks, texts, [None] * len(chunks)
        encode = self.embedder.token_ids  # type: ignore[attr-defined]
        seen: dict[str, list[int]] = {}

        def count(texts: Sequence[str]) -> list[int]:
            missing = [t for t in dict.fromkeys(texts) if t not in seen]
            if missing:
                seen.update(zip(missing, encode(missing), strict=True))
            return [len(seen[t]) for t in texts]

        chunks = split_article(article.id, article.text, count, budget, additive=True)
        head = encode([prefix])[0] if prefix else []
        inputs: list[list[int]] = []
        where: list[list[tuple[int, int]] | None] = []
        for chunk in chunks:
            spans = chunk.sentences
            if any(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False)):
                inputs.append([*head, *encode([chunk.text])[0]])  # joins pieces of a cut word
                where.append(None)
                continue
            ids = list(head)
            offsets = []
            for start, end in spans:
                piece = article.text[start:end]
                piece_ids = seen[piece] if piece in seen else encode([piece])[0]
                offsets.append((len(ids), len(ids) + len(piece_ids)))
                ids.extend(piece_ids)
            inputs.append(ids)
            where.append(offsets)
        return chunks, inputs, where

    def _write_stoppable(
        self,
        identity: StoreIdentity,
        articles: Sequence[Article],
        previous: dict[str, ManifestEntry],
        report: IndexReport,
        progress: Progress,
    ) -> None:
        """``_write_changed``, stopped between two commits when ``progress`` raises
        IndexingStopped: what was committed stays, the rest is left for the next run."""
        try:
            self._write_changed(identity, articles, previous, report, progress)
        except IndexingStopped:
            report.stopped = True

    def _write_changed(
        self,
        identity: StoreIdentity,
        articles: Sequence[Article],
        previous: dict[str, ManifestEntry],
        report: IndexReport,
        progress: Progress,
    ) -> None:
        todo: list[Article] = []
        by_content = {e.content_hash: e for e in previous.values()}
        for article in articles:
            old = previous.get(article.id)
            same = by_content.get(article.content_hash)
            if old is not None and old.content_hash == article.content_hash:
                report.skipped.append(article.id)
            elif old is None and same is not None:
                # the same article come in another way (an upload of a file the CLI added):
                # one article, not two
                report.skipped.append(article.id)
                report.already.append((article.origin, same.title or same.article_id))
            else:
                todo.append(article)
        load = getattr(self.embedder, "load", None)
        if todo and load is not None:  # the model set-up (an export on first use) apart
            started = time.perf_counter()
            load()
            report.setup_seconds = time.perf_counter() - started
        group: list[tuple[Article, list[Chunk], list[Any], list[list[tuple[int, int]] | None]]] = []
        pending = 0
        done = 0
        # finer progress than whole articles, so one large file does not sit at 0%: the
        # characters of the articles' text embedded so far, out of all to embed
        total_chars = sum(len(a.text) for a in todo) or 1
        chars_done = 0
        written_chars = 0
        unsplit_chars = 0  # articles that could not be split count as done
        with_sentences = hasattr(self.embedder, "embed_token_ids_and_sentences")

        def embed(
            inputs: Sequence[Any], spans: Sequence[Any], sizes: Sequence[int]
        ) -> tuple[np.ndarray, list[np.ndarray | None]]:
            """The passages' vectors, and their sentences' vectors where the embedder gives
            them from the same forward pass (else None: the assistant embeds the sentences
            when it reads them)."""
            nonlocal chars_done
            parts = []
            sentences: list[np.ndarray | None] = []
            for at in range(0, len(inputs), EMBED_SLICE):
                piece = list(inputs[at : at + EMBED_SLICE])
                if piece and not isinstance(piece[0], str) and with_sentences:
                    vectors, pooled = self.embedder.embed_token_ids_and_sentences(  # type: ignore[attr-defined]
                        piece, spans[at : at + EMBED_SLICE]
                    )
                    parts.append(vectors)
                    sentences.extend(pooled)
                elif piece and not isinstance(piece[0], str):
                    parts.append(self.embedder.embed_token_ids(piece))  # type: ignore[attr-defined]
                    sentences.extend([None] * len(piece))
                else:
                    parts.append(self.embedder.embed_documents(piece))
                    sentences.extend([None] * len(piece))
                chars_done += sum(sizes[at : at + EMBED_SLICE])
                progress(min(chars_done, total_chars), total_chars, "embedding")
            matrix = np.vstack(parts) if parts else np.zeros((0, 1), dtype=np.float32)
            return matrix, sentences

        def flush() -> None:
            nonlocal group, pending, done, chars_done, written_chars
            if not group:
                return
            inputs = [t for _, _, ts, _ in group for t in ts]
            spans = [s for _, _, _, ss in group for s in ss]
            sizes = [c.end - c.start for _, chunks, _, _ in group for c in chunks]
            vectors, pooled = embed(inputs, spans, sizes)
            items, sentence_vectors, at = [], [], 0
            for article, chunks, ts, _ in group:
                items.append((article, chunks, vectors[at : at + len(ts)]))
                sentence_vectors.append(pooled[at : at + len(ts)])
                at += len(ts)
            self.store.write(identity, items, previous, sentence_vectors=sentence_vectors)
            written_chars += sum(len(a.text) for a, _, _, _ in group)
            for article, chunks, _, _ in group:
                (report.updated if article.id in previous else report.added).append(article.id)
                report.passages += len(chunks)
            done += len(group)
            written = written_chars + unsplit_chars
            if written != chars_done:  # exactly, at each commit
                chars_done = written
                progress(min(chars_done, total_chars), total_chars, "embedding")
            progress(done, len(todo), "embedding and writing")
            group, pending = [], 0

        with contextlib.ExitStack() as stack:
            bulk = getattr(self.embedder, "bulk", None)
            if bulk is not None and total_chars >= BULK_CHARS:
                started = time.perf_counter()
                if path := stack.enter_context(bulk()):
                    report.setup_seconds += time.perf_counter() - started
                    log.info("embedding %d characters on the bulk path (%s)", total_chars, path)
            for number, article in enumerate(todo, 1):
                progress(number - 1, len(todo), "splitting articles")
                try:
                    chunks, texts, spans = self._split(article)
                except Exception as exc:
                    log.exception("could not split %s", article.origin)
                    report.failed.append((article.origin or article.id, f"could not split: {exc}"))
                    unsplit_chars += len(article.text)
                    continue
                if not chunks:
                    report.failed.append((article.origin or article.id, "no text after cleaning"))
                    unsplit_chars += len(article.text)
                    continue
                group.append((article, chunks, texts, spans))
                pending += len(chunks)
                if pending >= GROUP_PASSAGES:
                    flush()
            flush()


@dataclass(frozen=True)
class _Unreadable:
    """An article of the index whose text the store cannot give back."""

    entry: ManifestEntry

    @property
    def id(self) -> str:
        return self.entry.article_id


def _named(entry: ManifestEntry) -> str:
    """An article as a report names it: its title and id."""
    return f"“{entry.title}” ({entry.article_id})" if entry.title else entry.article_id


def build_indexer(settings: Settings) -> Indexer:
    """The indexer the settings describe: the one builder CLI, UI and tests use."""
    from index.chroma_store import ChromaStore
    from index.embedder import make_embedder

    return Indexer(settings, make_embedder(settings), ChromaStore.from_settings(settings))
