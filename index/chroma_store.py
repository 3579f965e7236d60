"""Chroma adapter for the ``Store`` protocol: embedded (``PersistentClient``) or a server
(``HttpClient``).

Layout in Chroma, for a configured collection name C:
  C-active        one record, "active": which generation is live, built with which model;
  C-<gen>-p       the passages of a generation, with their vectors (HNSW, cosine); a passage's
                  text is its metadata "text", not a Chroma document: Chroma indexes every
                  document for full-text search (which we do not use: BM25 is ours), and on the
                  SciFact benchmark that index cost more than the vectors (stores written before
                  keep their text in documents and are read as before);
  C-<gen>-m       the manifest of a generation: one record per article. An article's text is
                  rebuilt from its passages (cleaned text has one space between sentences and a
                  blank line between paragraphs; the content hash checks the result); stores
                  written before keep it as the record's document, which is read first.
Metadata that is never filtered on goes into one JSON string, "fields": Chroma indexes every
metadata key, and on SciFact (model stubbed out) passage writes took 21.2 s with 14 keys a
passage, 17.5 s with 6.
Passages keep the keys filters and the visibility rule use (FILTERED) as their own; manifest
records keep none. Records written before, with every key on its own, are read the same.
Chroma needs a vector for every record, so C-active and C-<gen>-m hold a constant 1-d one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from index.errors import (
    ArticleNotFound,
    EmbeddingModelMismatch,
    FactCheckError,
    StoreUnavailable,
)
from index.models import Article, Chunk, ManifestEntry
from index.store import (
    SENTENCE_VECTORS_KEY,
    StoredPassage,
    StoreIdentity,
    encode_vectors,
    is_visible,
    manifest_entry,
    manifest_metadata,
    passage_id,
    passage_ids,
    passage_metadata,
)

if TYPE_CHECKING:
    from index.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

_UNIT = [1.0]
_ACTIVE = "active"
_CLIENT_LOCK = threading.Lock()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


TEXT_KEY = "text"  # passage metadata key holding the passage's text
_GAPS = {0: "", 1: " ", 2: "\n\n"}  # whitespace between passages of a cleaned text, by length
GAP_KEY = "gap"  # the text before a passage, when it is not the one _GAPS gives for its length
TAIL_KEY = "tail"  # the text after an article's last passage, when there is any


FIELDS_KEY = "fields"  # metadata key holding the JSON of the keys no filter uses
FILTERED = frozenset({"article_id", "source", "published_int", "content_hash"})


def _pack(metadata: dict[str, Any], keep: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Chroma metadata: the keys in ``keep`` as they are, every other key in one JSON string."""
    rest = {k: v for k, v in metadata.items() if k not in keep}
    return {
        **{k: v for k, v in metadata.items() if k in keep},
        FIELDS_KEY: json.dumps(rest, ensure_ascii=False, separators=(",", ":")),
    }


def _unpack(metadata: Any) -> dict[str, Any]:
    """The metadata as written, from packed records and from older, unpacked ones."""
    meta = dict(metadata or {})
    fields = meta.pop(FIELDS_KEY, None)
    if fields:
        meta.update(json.loads(fields))
    return meta


_READ_TRIES = 4
READ_PAGE = 5_000  # records a read of a whole collection asks for at a time


class _Gone(Exception):
    """The generation the pointer named has no collection (dropped by a rebuild's switch)."""


def _is_gone(exc: Exception) -> bool:
    """Whether ``exc`` says a collection does not exist (Chroma's NotFoundError)."""
    return isinstance(exc, _Gone) or (
        type(exc).__name__ == "NotFoundError" or "does not exist" in str(exc)
    )


_SEGMENT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _documents(got: Any) -> dict[str, Any]:
    """The documents of records read back, as an upsert argument (none when they have none)."""
    docs = got.get("documents") or []
    return {"documents": docs} if docs and all(d is not None for d in docs) else {}


def _stored(pid: str, document: str | None, metadata: Any, score: float = 0.0) -> StoredPassage:
    """A passage as read back: its text from metadata, or from the document in older stores."""
    meta = _unpack(metadata)
    text = meta.pop(TEXT_KEY, None)
    return StoredPassage(pid, str(text) if text is not None else document or "", meta, score)


def import_chromadb() -> Any:
    """``import chromadb``, a third faster. Chromadb decorates ~160 methods with the
    ``overrides`` package's ``@override``, which at import reads each class body's bytecode to
    find the base class and compares signatures: ~0.45 s of a cold `factcheck ask`'s ~1.5 s of
    importing chromadb. While chromadb's modules load, ``@override`` only marks the method (what
    ``EnforceOverrides`` reads); it is put back afterwards for any other user of the package."""
    import sys

    if "chromadb" in sys.modules:
        return sys.modules["chromadb"]
    import overrides

    checked = overrides.override, overrides.overrides

    def mark(method: Any = None, **_: Any) -> Any:
        if method is None:
            return mark
        method.__override__ = True
        return method

    overrides.override = overrides.overrides = mark
    try:
        import chromadb
    finally:
        overrides.override, overrides.overrides = checked
    return chromadb


class ChromaStore:
    def __init__(
        self,
        collection: str,
        *,
        path: Path | None = None,
        host: str | None = None,
        port: int = 8000,
        ssl: bool = False,
        headers: dict[str, str] | None = None,
        hnsw: dict[str, int] | None = None,
    ) -> None:
        self.name = collection
        self.path = path
        self.host = host
        self.port = port
        self.ssl = ssl
        self.headers = headers or {}
        self.hnsw = hnsw or {"ef_construction": 100, "ef_search": 128, "max_neighbors": 32}
        self._client: Any = None
        self._collections: dict[str, Any] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        hnsw = {
            "ef_construction": settings.hnsw_ef_construction,
            "ef_search": settings.hnsw_ef_search,
            "max_neighbors": settings.hnsw_max_neighbors,
        }
        if settings.uses_server:
            return cls(
                settings.collection,
                host=settings.chroma_host,
                port=settings.chroma_port,
                ssl=settings.chroma_ssl,
                headers=settings.chroma_headers,
                hnsw=hnsw,
            )
        return cls(settings.collection, path=settings.chroma_path, hnsw=hnsw)

    # -- connection ---------------------------------------------------------------------------

    @property
    def where(self) -> str:
        if self.host:
            return (
                f"the Chroma server at {'https' if self.ssl else 'http'}://{self.host}:{self.port}"
            )
        return f"the embedded store at {self.path}"

    def client(self) -> Any:
        if self._client is not None:
            return self._client
        with _CLIENT_LOCK:  # chromadb's client set-up is not safe to run in two threads at once
            return self._open_client()

    def _open_client(self) -> Any:
        if self._client is None:
            chromadb = import_chromadb()
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            try:
                if self.host:
                    self._client = chromadb.HttpClient(
                        host=self.host,
                        port=self.port,
                        ssl=self.ssl,
                        headers=self.headers,
                        settings=chroma_settings,
                    )
                    self._client.heartbeat()
                else:
                    assert self.path is not None
                    self.path.mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(
                        path=str(self.path), settings=chroma_settings
                    )
            except Exception as exc:
                self._client = None
                hint = (
                    "start it (`chroma run --path DIR --port N`) or unset FACTCHECK_CHROMA_HOST "
                    "to use the embedded store"
                    if self.host
                    else "check that the folder is writable and not used by another Chroma version"
                )
                raise StoreUnavailable(f"cannot open {self.where}: {exc}. {hint}") from exc
        return self._client

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a Chroma call; turn connection failures into ``StoreUnavailable``."""
        try:
            return fn(*args, **kwargs)
        except (ConnectionError, OSError) as exc:
            raise StoreUnavailable(f"lost {self.where}: {exc}") from exc
        except Exception as exc:
            if type(exc).__name__ in {
                "ConnectError",
                "ConnectTimeout",
                "ReadTimeout",
                "RemoteProtocolError",
            }:
                raise StoreUnavailable(f"lost {self.where}: {exc}") from exc
            raise

    def _collection(self, name: str, *, create: bool = False, vectors: bool = False) -> Any:
        if name in self._collections:
            return self._collections[name]
        client = self.client()
        if create:
            configuration: dict[str, Any] = {"hnsw": {"space": "cosine"}}
            if vectors:
                configuration["hnsw"].update(self.hnsw)
            col = self._call(
                client.get_or_create_collection,
                name,
                configuration=configuration,
                embedding_function=None,
            )
        else:
            try:
                col = self._call(client.get_collection, name, embedding_function=None)
            except StoreUnavailable:
                raise
            except Exception:
                return None
        if vectors:
            self._apply_ef_search(col)
        self._collections[name] = col
        return col

    def _apply_ef_search(self, col: Any) -> None:
        """ef_search may change after creation; a process that already loaded the segment keeps
        the old value, new processes get the new one."""
        wanted = self.hnsw.get("ef_search")
        current = (getattr(col, "configuration", None) or {}).get("hnsw") or {}
        if wanted and current.get("ef_search") not in (None, wanted):
            log.info("setting HNSW ef_search %s -> %s", current.get("ef_search"), wanted)
            self._call(col.modify, configuration={"hnsw": {"ef_search": wanted}})

    def _pointer(self, create: bool = False) -> Any:
        return self._collection(f"{self.name}-active", create=create)

    def _passages(self, identity: StoreIdentity, create: bool = False) -> Any:
        return self._collection(f"{self.name}-{identity.generation}-p", create=create, vectors=True)

    def _manifest(self, identity: StoreIdentity, create: bool = False) -> Any:
        return self._collection(f"{self.name}-{identity.generation}-m", create=create)

    # -- identity and generations -------------------------------------------------------------

    def identity(self) -> StoreIdentity | None:
        pointer = self._pointer()
        if pointer is None:
            return None
        got = self._call(pointer.get, ids=[_ACTIVE], include=["metadatas"])
        if not got["ids"]:
            return None
        meta = got["metadatas"][0]
        return StoreIdentity(
            generation=str(meta["generation"]),
            model=str(meta["model"]),
            backend=str(meta["backend"]),
            dimension=int(meta["dimension"]),
        )

    def start(
        self, model: str, backend: str, dimension: int, *, fresh: bool = False
    ) -> StoreIdentity:
        active = self.identity()
        if active is not None and not fresh:
            if (active.model, active.backend, active.dimension) != (model, backend, dimension):
                raise EmbeddingModelMismatch(
                    f"the store '{self.name}' was built with embedding model '{active.model}' "
                    f"({active.backend}, {active.dimension}-d), but '{model}' ({backend}, "
                    f"{dimension}-d) is configured: run `factcheck index rebuild` to re-embed "
                    f"every article with '{model}', or set FACTCHECK_EMBEDDING_MODEL="
                    f"{active.model} and FACTCHECK_EMBEDDING_BACKEND={active.backend}"
                )
            return active
        generation = "g" + format(time.time_ns() // 1000, "x")
        identity = StoreIdentity(generation, model, backend, dimension)
        self._passages(identity, create=True)
        self._manifest(identity, create=True)
        if active is None:
            self.activate(identity)
        return identity

    def activate(self, identity: StoreIdentity) -> None:
        previous = self.identity()
        pointer = self._pointer(create=True)
        self._call(
            pointer.upsert,
            ids=[_ACTIVE],
            embeddings=[_UNIT],
            metadatas=[
                {
                    "generation": identity.generation,
                    "model": identity.model,
                    "backend": identity.backend,
                    "dimension": identity.dimension,
                    "activated_at": _now(),
                }
            ],
        )
        if previous is not None and previous.generation != identity.generation:
            self.discard(previous)

    def discard(self, identity: StoreIdentity) -> None:
        client = self.client()
        pointer = self._pointer()
        if pointer is not None:
            self._call(pointer.delete, ids=[f"rev-{identity.generation}"])
        for suffix in ("p", "m"):
            name = f"{self.name}-{identity.generation}-{suffix}"
            self._collections.pop(name, None)
            try:
                self._call(client.delete_collection, name)
            except StoreUnavailable:
                raise
            except Exception:  # already gone
                log.debug("collection %s was already gone", name)

    def leftover_generations(self) -> list[str]:
        """Generations that are not active: rebuilds that never finished."""
        active = self.identity()
        prefix = f"{self.name}-"
        names = [getattr(c, "name", c) for c in self._call(self.client().list_collections)]
        generations = {
            n[len(prefix) :].rsplit("-", 1)[0]
            for n in names
            if n.startswith(prefix + "g") and n.endswith(("-p", "-m"))
        }
        return sorted(g for g in generations if active is None or g != active.generation)

    def _resolve(self, identity: StoreIdentity | None) -> StoreIdentity | None:
        return identity if identity is not None else self.identity()

    # -- manifest -----------------------------------------------------------------------------

    def manifest(self, identity: StoreIdentity | None = None) -> dict[str, ManifestEntry]:
        if identity is None:  # the active one, which a rebuild may switch while we read
            return self._reading(lambda active: self._entries(active, strict=True), {})
        return self._entries(identity)

    def _entries(self, identity: StoreIdentity, strict: bool = False) -> dict[str, ManifestEntry]:
        col = self._manifest(identity)
        if col is None:
            if strict:
                raise _Gone(identity.generation)
            return {}
        got = self._get_all(col, include=["metadatas"])
        return {
            i: manifest_entry(i, _unpack(m))
            for i, m in zip(got["ids"], got["metadatas"], strict=True)
        }

    def article(
        self, article_id: str, identity: StoreIdentity | None = None, *, exact: bool = True
    ) -> Article:
        """The stored article. Its text is rebuilt from the passages; when that does not give
        the text that was indexed (its content hash differs), this raises, unless ``exact`` is
        False: then the closest text is returned, with the hash of what was rebuilt."""
        if identity is None:
            found = self._reading(lambda active: self._article(article_id, active, exact), None)
            if found is None:
                raise ArticleNotFound(
                    f"no indexed article has the id '{article_id}': the index is empty"
                )
            return found
        return self._article(article_id, identity, exact)

    def _article(self, article_id: str, identity: StoreIdentity, exact: bool) -> Article:
        col = self._manifest(identity)
        got = (
            self._call(col.get, ids=[article_id], include=["metadatas", "documents"])
            if col
            else None
        )
        if not got or not got["ids"]:
            raise ArticleNotFound(
                f"no indexed article has the id '{article_id}': `factcheck index list` shows them"
            )
        entry = manifest_entry(article_id, _unpack(got["metadatas"][0]))
        # a store written before passages carried the whole text kept it as the document
        text = got["documents"][0] or self._text_from_passages(identity, entry, exact=exact)
        article = Article(
            id=article_id,
            title=entry.title,
            text=text,
            source=entry.source,
            url=entry.url,
            published=entry.published,
            author=entry.author,
            origin=entry.origin,
        )
        if exact and not got["documents"][0] and article.content_hash != entry.content_hash:
            raise FactCheckError(
                f"the stored passages of article '{article_id}' do not rebuild its text (content "
                f"hash differs): index its file again with `factcheck index add {entry.origin}`"
                if entry.origin
                else f"the stored passages of article '{article_id}' do not rebuild its text "
                "(content hash differs): index it again"
            )
        return article

    def _text_from_passages(
        self, identity: StoreIdentity | None, entry: ManifestEntry, *, exact: bool = True
    ) -> str:
        """The article's cleaned text from its passages and their offsets. The text between two
        passages is the passage's "gap" when stored, otherwise told by its length: empty (a word
        cut by characters), one space or a paragraph break. Stores written before gaps were kept
        may hold another; with ``exact`` False it becomes as many spaces, and a missing passage
        is left out, so the article keeps every word the store still has."""
        col = self._passages(identity) if identity else None
        ids = passage_ids(entry)
        got: dict[str, list[Any]] | None = None
        if col is not None:
            got = {"ids": [], "documents": [], "metadatas": []}
            for at in range(0, len(ids), READ_PAGE):  # a long article's ids, a page at a time
                page = self._call(
                    col.get, ids=ids[at : at + READ_PAGE], include=["documents", "metadatas"]
                )
                for key in got:
                    got[key].extend(page[key])
        parts = [
            _stored(pid, doc, meta)
            for pid, doc, meta in zip(
                *((got["ids"], got["documents"], got["metadatas"]) if got else ([], [], [])),
                strict=True,
            )
        ]
        parts.sort(key=lambda p: int(p.metadata.get("chunk", 0)))
        if len(parts) != len(ids) and (exact or not parts):
            raise FactCheckError(
                f"article '{entry.article_id}' has {len(parts)} of its {len(ids)} passages in the "
                "store: index its file again with `factcheck index add`"
            )
        pieces: list[str] = []
        end = 0
        for part in parts:
            start = int(part.metadata["start"])
            gap = part.metadata.get(GAP_KEY)
            if gap is None:
                gap = _GAPS.get(start - end, "\x00" if exact else " " * max(start - end, 1))
            pieces.append(str(gap))  # "\x00": no clean text has it, so the hash check fails
            pieces.append(part.text)
            end = int(part.metadata["end"])
        if parts:
            pieces.append(str(parts[-1].metadata.get(TAIL_KEY, "")))
        return "".join(pieces)

    def _visible_hashes(self, identity: StoreIdentity, strict: bool = False) -> dict[str, str]:
        return {i: e.content_hash for i, e in self._entries(identity, strict).items()}

    # -- writing ------------------------------------------------------------------------------

    def _get_all(self, col: Any, **kwargs: Any) -> dict[str, list[Any]]:
        """``col.get(**kwargs)`` for every record, read a page at a time: one read of a whole
        large collection fails in Chroma's SQLite ("too many SQL variables", seen at ~40,000
        passages)."""
        out: dict[str, list[Any]] = {"ids": [], "metadatas": [], "documents": []}
        offset = 0
        while True:
            got = self._call(col.get, limit=READ_PAGE, offset=offset, **kwargs)
            for key in out:
                out[key].extend(got.get(key) or [None] * len(got["ids"]))
            if len(got["ids"]) < READ_PAGE:
                return out
            offset += READ_PAGE

    def _batches(self, n: int) -> Iterable[slice]:
        size = max(1, min(int(self._call(self.client().get_max_batch_size)), 4096))
        for start in range(0, n, size):
            yield slice(start, start + size)

    def write(
        self,
        identity: StoreIdentity,
        items: Sequence[tuple[Article, Sequence[Chunk], np.ndarray]],
        previous: dict[str, ManifestEntry],
        sentence_vectors: Sequence[Sequence[np.ndarray | None]] | None = None,
    ) -> None:
        if not items:
            return
        passages = self._passages(identity, create=True)
        manifest = self._manifest(identity, create=True)
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        vectors: list[np.ndarray] = []
        for number, (article, chunks, vecs) in enumerate(items):
            end = 0
            pooled = sentence_vectors[number] if sentence_vectors else [None] * len(chunks)
            for chunk, vec, sentences in zip(chunks, vecs, pooled, strict=True):
                ids.append(passage_id(article.id, article.content_hash, chunk.index))
                meta = {**passage_metadata(article, chunk), TEXT_KEY: chunk.text}
                if sentences is not None and len(sentences) == len(chunk.sentences):
                    meta[SENTENCE_VECTORS_KEY] = encode_vectors(sentences)
                # whatever lies between passages is kept when the length alone does not tell
                # it, so the article's text always rebuilds exactly
                gap = article.text[end : chunk.start] if chunk.start >= end else None
                if gap is None or _GAPS.get(len(gap)) != gap:
                    meta[GAP_KEY] = gap if gap is not None else ""
                if chunk is chunks[-1] and chunk.end < len(article.text):
                    meta[TAIL_KEY] = article.text[chunk.end :]
                end = chunk.end
                metas.append(_pack(meta, FILTERED | {TEXT_KEY}))
                vectors.append(vec)
        # 1. passages (invisible until their manifest entry is committed)
        if ids:
            matrix = np.vstack(vectors).astype(np.float32)
            for part in self._batches(len(ids)):
                self._call(
                    passages.upsert,
                    ids=ids[part],
                    embeddings=matrix[part],
                    metadatas=metas[part],
                )
        # 2. manifest entries: the commit point
        now = _now()
        entries = [
            ManifestEntry(
                article_id=a.id,
                title=a.title,
                source=a.source,
                url=a.url,
                published=a.published,
                author=a.author,
                origin=a.origin,
                content_hash=a.content_hash,
                passages=len(chunks),
                indexed_at=now,
            )
            for a, chunks, _ in items
        ]
        for part in self._batches(len(entries)):
            batch = entries[part]
            self._call(
                manifest.upsert,
                ids=[e.article_id for e in batch],
                embeddings=[_UNIT] * len(batch),
                metadatas=[_pack(manifest_metadata(e)) for e in batch],
            )
        self._bump(identity)
        # 3. the passages of replaced versions
        stale = [
            pid
            for a, _, _ in items
            if (old := previous.get(a.id)) is not None and old.content_hash != a.content_hash
            for pid in passage_ids(old)
        ]
        self._delete_passages(passages, stale)

    def copy(
        self, source: StoreIdentity, target: StoreIdentity, entries: Sequence[ManifestEntry]
    ) -> None:
        """Copy articles unchanged, passages first and manifest entries last (the commit)."""
        if not entries:
            return
        src_passages = self._passages(source)
        src_manifest = self._manifest(source)
        if src_passages is None or src_manifest is None:
            raise FactCheckError(f"generation {source.generation} is gone: nothing to copy")
        passages = self._passages(target, create=True)
        manifest = self._manifest(target, create=True)
        ids = [p for e in entries for p in passage_ids(e)]
        for part in self._batches(len(ids)):
            got = self._call(
                src_passages.get,
                ids=ids[part],
                include=["embeddings", "metadatas", "documents"],
            )
            if got["ids"]:
                self._call(
                    passages.upsert,
                    ids=got["ids"],
                    embeddings=np.asarray(got["embeddings"], dtype=np.float32),
                    metadatas=got["metadatas"],
                    **_documents(got),
                )
        names = [e.article_id for e in entries]
        for part in self._batches(len(names)):
            got = self._call(src_manifest.get, ids=names[part], include=["metadatas", "documents"])
            if got["ids"]:
                self._call(
                    manifest.upsert,
                    ids=got["ids"],
                    embeddings=[_UNIT] * len(got["ids"]),
                    metadatas=got["metadatas"],
                    **_documents(got),
                )
        self._bump(target)

    def _delete_passages(self, passages: Any, ids: list[str]) -> None:
        for part in self._batches(len(ids)):
            self._call(passages.delete, ids=ids[part])

    def remove(self, identity: StoreIdentity, entries: Iterable[ManifestEntry]) -> None:
        entries = list(entries)
        if not entries:
            return
        manifest = self._manifest(identity, create=True)
        self._call(manifest.delete, ids=[e.article_id for e in entries])  # invisible from here
        self._bump(identity)
        self._delete_passages(
            self._passages(identity, create=True), [p for e in entries for p in passage_ids(e)]
        )

    def sweep(self, identity: StoreIdentity) -> int:
        passages = self._passages(identity, create=True)
        hashes = self._visible_hashes(identity)
        got = self._get_all(passages, include=["metadatas"])
        orphans = [
            pid
            for pid, meta in zip(got["ids"], got["metadatas"], strict=True)
            if not is_visible(meta, hashes)
        ]
        self._delete_passages(passages, orphans)
        if orphans:
            log.info("removed %d passages left behind by an interrupted run", len(orphans))
        return len(orphans)

    def mark_dirty(self, identity: StoreIdentity, dirty: bool) -> None:
        pointer = self._pointer(create=True)
        key = f"dirty-{identity.generation}"
        if dirty:
            self._call(pointer.upsert, ids=[key], embeddings=[_UNIT], metadatas=[{"since": _now()}])
        else:
            self._call(pointer.delete, ids=[key])

    def is_dirty(self, identity: StoreIdentity) -> bool:
        pointer = self._pointer()
        if pointer is None:
            return False
        got = self._call(pointer.get, ids=[f"dirty-{identity.generation}"])
        return bool(got["ids"])

    # -- reading ------------------------------------------------------------------------------

    def count_passages(self, identity: StoreIdentity | None = None) -> int:
        def count(active: StoreIdentity) -> int:
            col = self._passages(active)
            if col is None:
                raise _Gone(active.generation)
            return int(self._call(col.count))

        if identity is None:
            return self._reading(count, 0)
        col = self._passages(identity)
        return int(self._call(col.count)) if col is not None else 0

    def _bump(self, identity: StoreIdentity) -> None:
        """Record that the manifest of ``identity`` changed, so readers refresh their caches."""
        self._call(
            self._pointer(create=True).upsert,
            ids=[f"rev-{identity.generation}"],
            embeddings=[_UNIT],
            metadatas=[{"rev": str(time.time_ns())}],
        )

    def revision(self) -> str | None:
        """A token that changes whenever the active index changes (a write, a removal, a
        rebuild): readers key caches such as the lexical index by it. One small read."""
        pointer = self._pointer()
        if pointer is None:
            return None
        got = self._call(pointer.get, include=["metadatas"])
        records = dict(zip(got["ids"], got["metadatas"], strict=True))
        active = records.get(_ACTIVE)
        if active is None:
            return None
        generation = str(active["generation"])
        rev = (records.get(f"rev-{generation}") or {}).get("rev", "0")
        return f"{generation}-{rev}"

    def _hashes_of(self, identity: StoreIdentity, article_ids: Iterable[Any]) -> dict[str, str]:
        """The manifest's content hash of each of these articles it lists: the other half of
        the visibility rule, read for just the articles a read returned. (Holding the whole
        manifest's hashes instead cost ~170 MB at 100,000 articles, and a read of all of them
        after every change.)"""
        col = self._manifest(identity)
        if col is None:
            raise _Gone(identity.generation)
        wanted = sorted({str(i) for i in article_ids if i is not None})
        out: dict[str, str] = {}
        for part in self._batches(len(wanted)):
            got = self._call(col.get, ids=wanted[part], include=["metadatas"])
            for article_id, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                digest = _unpack(meta).get("content_hash")
                if isinstance(digest, str):
                    out[article_id] = digest
        return out

    def _reading(self, read: Callable[[StoreIdentity], T], empty: T) -> T:
        """Run ``read`` on the active generation. A rebuild may switch generations and drop the
        old one between our reading the pointer and our reading the collection (3 in ~19,000
        reads once failed so), or a collection being dropped may answer "nothing" before it answers
        "gone": then the pointer is read again and the read retried on the new generation."""
        for attempt in range(_READ_TRIES):
            identity = self.identity()
            if identity is None:
                return empty
            try:
                result = read(identity)
                if result or attempt == _READ_TRIES - 1 or self.identity() == identity:
                    return result
                # nothing, from a generation switched out while we read it: a collection being
                # dropped can answer empty before it answers "gone" (2 in ~90 reads under load)
                raise _Gone(identity.generation)
            except StoreUnavailable:
                raise
            except Exception as exc:
                if attempt == _READ_TRIES - 1:
                    raise
                if not _is_gone(exc) and self.identity() == identity:
                    raise  # not a switch: a real error
                log.info("generation %s was switched out while reading: retrying", identity)
                self._forget(identity)
                time.sleep(0.05 * (attempt + 1))
        return empty  # not reached

    def _forget(self, identity: StoreIdentity) -> None:
        """Drop what is cached of a generation (its collection handles, its hashes)."""
        for suffix in ("p", "m"):
            self._collections.pop(f"{self.name}-{identity.generation}-{suffix}", None)

    def query(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[StoredPassage]:
        def read(identity: StoreIdentity) -> list[StoredPassage]:
            col = self._passages(identity)
            if col is None or k <= 0:
                if col is None and k > 0:
                    raise _Gone(identity.generation)
                return []
            got = self._call(
                col.query,
                query_embeddings=[np.asarray(vector, dtype=np.float32)],
                n_results=k,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
            hashes = self._hashes_of(identity, (m.get("article_id") for m in got["metadatas"][0]))
            return [
                _stored(pid, doc, meta, 1.0 - float(dist))
                for pid, doc, meta, dist in zip(
                    got["ids"][0],
                    got["documents"][0],
                    got["metadatas"][0],
                    got["distances"][0],
                    strict=True,
                )
                if is_visible(meta, hashes)
            ]

        return self._reading(read, [])

    def passages(self, where: dict[str, Any] | None = None) -> list[StoredPassage]:
        def read(identity: StoreIdentity) -> list[StoredPassage]:
            col = self._passages(identity)
            if col is None:
                raise _Gone(identity.generation)
            got = self._get_all(col, where=where, include=["documents", "metadatas"])
            if where is None:  # every passage: the whole manifest, read once
                hashes = self._visible_hashes(identity, strict=True)
            else:
                hashes = self._hashes_of(identity, (m.get("article_id") for m in got["metadatas"]))
            return [
                _stored(pid, doc, meta)
                for pid, doc, meta in zip(
                    got["ids"], got["documents"], got["metadatas"], strict=True
                )
                if is_visible(meta, hashes)
            ]

        return self._reading(read, [])

    def sentence_vectors(self, passage_ids: Sequence[str]) -> dict[str, str]:
        if not passage_ids:
            return {}

        def read(identity: StoreIdentity) -> dict[str, str]:
            col = self._passages(identity)
            if col is None:
                raise _Gone(identity.generation)
            got = self._call(col.get, ids=list(passage_ids), include=["metadatas"])
            out = {}
            for pid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                value = _unpack(meta).get(SENTENCE_VECTORS_KEY)
                if isinstance(value, str):
                    out[pid] = value
            return out

        return self._reading(read, {})

    def visible(self, passages: Sequence[StoredPassage]) -> list[bool]:
        if not passages:
            return []

        def read(identity: StoreIdentity) -> list[bool]:
            hashes = self._hashes_of(identity, (p.metadata.get("article_id") for p in passages))
            return [is_visible(p.metadata, hashes) for p in passages]

        return self._reading(read, [False] * len(passages))

    # -- disk space ---------------------------------------------------------------------------

    def _dead_segments(self) -> list[Path]:
        """Segment folders of the embedded store that no collection has any more. Chroma does
        not delete a dropped collection's vector-index folder; ours are dropped at every
        rebuild's switch. A folder counts only when its name is a segment id, it holds an HNSW
        index, and Chroma's own catalogue (chroma.sqlite3, read-only) lists no segment by that
        id; when the catalogue cannot be read, none counts."""
        if self.path is None or not (self.path / "chroma.sqlite3").exists():
            return []
        import sqlite3

        try:
            uri = f"file:{self.path / 'chroma.sqlite3'}?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as db:
                live = {str(row[0]) for row in db.execute("SELECT id FROM segments")}
        except sqlite3.Error as exc:
            log.info("cannot read the store's catalogue (%s): nothing reclaimed", exc)
            return []
        return [
            folder
            for folder in self.path.iterdir()
            if _SEGMENT.fullmatch(folder.name)
            and folder.name not in live
            and folder.is_dir()
            and (folder / "header.bin").exists()
        ]

    def reclaimable_bytes(self) -> int | None:
        """Disk space held by segment folders of dropped collections; None for a server."""
        if self.host:
            return None
        return sum(_folder_bytes(f) for f in self._dead_segments())

    def reclaim(self) -> int:
        """Delete the dead segment folders (``_dead_segments``); the bytes freed. Run by the
        writer, under its lock, after a generation is dropped."""
        if self.host:
            return 0
        freed = 0
        for folder in self._dead_segments():
            size = _folder_bytes(folder)
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                freed += size
        if freed:
            log.info("reclaimed %.1f MB of dropped index segments", freed / 1e6)
        return freed

    def size_bytes(self) -> int | None:
        if self.path is None or not self.path.exists():
            return None
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
