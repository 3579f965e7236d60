"""Evaluation sets in the layout of ``shared/eval/README.md``: corpus.jsonl, queries.jsonl,
qrels.tsv; their fixed train / tune / report split; and each set's cached index. Used by
``factcheck eval`` and by the verifier's training commands (which never import each other)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import ConfigError

if TYPE_CHECKING:
    from index.embedder import Embedder
    from index.settings import Settings

LABELS = ("SUPPORTED", "REFUTED", "NOT ENOUGH INFO")


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str
    text: str
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    claim_id: str
    text: str
    label: str
    # doc id -> gold sentence sets (each a tuple of sentence indices; any one set suffices)
    evidence: dict[str, tuple[tuple[int, ...], ...]] = field(default_factory=dict)
    cited: tuple[str, ...] = ()


@dataclass
class Dataset:
    name: str
    path: Path
    documents: dict[str, Document]
    claims: list[Claim]
    qrels: dict[str, dict[str, int]]

    @property
    def labels(self) -> set[str]:
        return {c.label for c in self.claims}


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ConfigError(
                    f"{path}:{number}: not JSON ({exc.msg}): fix or remove the line"
                ) from exc
    return rows


def load_dataset(path: Path | str) -> Dataset:
    root = Path(path)
    for name in ("corpus.jsonl", "queries.jsonl"):
        if not (root / name).is_file():
            raise ConfigError(
                f"{root} is not an evaluation set: {name} is missing "
                "(expected corpus.jsonl, queries.jsonl and qrels.tsv)"
            )
    documents = {}
    for row in _read_jsonl(root / "corpus.jsonl"):
        doc = Document(
            doc_id=str(row["_id"]),
            title=str(row.get("title") or ""),
            text=str(row.get("text") or ""),
            sentences=tuple(row.get("sentences") or ()),
        )
        documents[doc.doc_id] = doc
    claims = []
    for row in _read_jsonl(root / "queries.jsonl"):
        evidence: dict[str, list[tuple[int, ...]]] = {}
        for item in row.get("evidence") or []:
            doc_id = str(item["doc_id"])
            sets = evidence.setdefault(doc_id, [])
            if "sentences" in item:
                sets.append(tuple(item["sentences"]))
            for group in item.get("sentence_sets") or []:
                sets.append(tuple(group))
        claims.append(
            Claim(
                claim_id=str(row["_id"]),
                text=str(row["text"]),
                label=str(row.get("label") or "NOT ENOUGH INFO"),
                evidence={k: tuple(v) for k, v in evidence.items()},
                cited=tuple(str(c) for c in row.get("cited_doc_ids") or ()),
            )
        )
    qrels: dict[str, dict[str, int]] = {}
    qrels_path = root / "qrels.tsv"
    if qrels_path.is_file():
        with qrels_path.open(encoding="utf-8") as handle:
            reader = csv.reader(handle, delimiter="\t")
            next(reader, None)
            for row in reader:
                if len(row) >= 3 and int(row[2]) > 0:
                    qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    else:
        for claim in claims:
            for doc_id in claim.evidence:
                qrels.setdefault(claim.claim_id, {})[doc_id] = 1
    return Dataset(root.name, root, documents, claims, qrels)


SPLITS = ("train", "tune", "report")
# the fixed split of every evaluation set's claims, by a stable hash of the claim id:
# report 20% (the numbers quoted: no trained part ever sees these claims), tune 20% (the
# claim-level aggregator and thresholds are fitted here; the cross-encoder never trains on them),
# train 60% (the cross-encoder's pairs). Report is the same 20% the earlier "holdout" was.
_BOUNDS = {"report": (0.0, 0.2), "tune": (0.2, 0.4), "train": (0.4, 1.0)}


def split_of(claim_id: str, salt: str = "verifier-v1") -> str:
    """``train``, ``tune`` or ``report``: the same on every machine and run."""
    digest = hashlib.sha1(f"{salt}:{claim_id}".encode()).digest()
    u = int.from_bytes(digest[:4], "big") / 2**32
    return next(name for name, (low, high) in _BOUNDS.items() if low <= u < high)


def in_split(claim_id: str, split: str) -> bool:
    if split not in SPLITS:
        raise ConfigError(f"unknown split '{split}': use one of {', '.join(SPLITS)}")
    return split_of(claim_id) == split


# what the indexer writes of each passage; a new one builds the cached index again (3: the
# sentences' vectors from the passage's forward pass, 4-bit)
INDEX_FORMAT = 3
# settings that change the cached index's passages, vectors or graph: a change builds a new one
INDEX_SHAPING = (
    "embedding_model",
    "embedding_backend",
    "embedding_batch_size",  # int8 activations are scaled per batch: vectors move a little
    "chunk_tokens",
    "hnsw_ef_construction",
    "hnsw_ef_search",
    "hnsw_max_neighbors",
    "json_text_field",
    "json_title_field",
    "json_id_field",
)


def eval_settings(settings: Settings, data: Dataset) -> Settings:
    """Settings for the set's own cached index: an embedded store under data_dir/eval, keyed by
    the corpus file and by the settings that shape the index (``INDEX_SHAPING``), so a run with
    another chunk size or model never scores passages built for the last one."""
    state = _corpus_state(data)
    shaping = ":".join(f"{name}={getattr(settings, name)}" for name in INDEX_SHAPING)
    shaping += f":format={INDEX_FORMAT}"
    key = hashlib.sha1(
        f"{state['corpus']}:{state['size']}:{state['mtime']}:{shaping}".encode()
    ).hexdigest()[:8]
    return settings.model_copy(
        update={
            "data_dir": settings.data_dir / "eval" / f"{data.name}-{key}",
            "chroma_host": None,
            "collection": "eval",
            "include": ["*.jsonl"],
            "exclude": [],
        }
    )


def index_corpus(
    settings: Settings, data: Dataset, embedder: Embedder, progress: Callable[[str], None]
) -> Settings:
    from index.chroma_store import ChromaStore
    from index.indexer import Indexer

    local = eval_settings(settings, data)
    for stale in stale_eval_indexes(local.data_dir, data):
        progress(f"{data.name}: removing {stale}, built from an earlier {CORPUS_FILE}")
        shutil.rmtree(stale, ignore_errors=True)
    started = time.perf_counter()
    indexer = Indexer(local, embedder, ChromaStore.from_settings(local))
    report = indexer.add([data.path / CORPUS_FILE])
    _corpus_stamp(local.data_dir).write_text(json.dumps(_corpus_state(data)) + "\n")
    progress(
        f"{data.name}: corpus indexed ({len(report.added)} added, {len(report.skipped)} cached) "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return local


CORPUS_FILE = "corpus.jsonl"


def _corpus_state(data: Dataset) -> dict[str, object]:
    corpus = data.path / CORPUS_FILE
    stat = corpus.stat()
    return {"corpus": str(corpus.resolve()), "size": stat.st_size, "mtime": int(stat.st_mtime)}


def _corpus_stamp(index_dir: Path) -> Path:
    return index_dir / "corpus.json"


def stale_eval_indexes(index_dir: Path, data: Dataset) -> list[Path]:
    """The set's other cached indexes (``eval/NAME-KEY``) built from this corpus file as it was
    before it last changed: no settings can bring them back. One built with other settings from
    the corpus as it is stays (another chunk size, to compare), as does one without a record of
    what it was built from."""
    now = _corpus_state(data)
    stale = []
    for other in sorted(index_dir.parent.glob(f"{data.name}-*")):
        stamp = _corpus_stamp(other)
        if other == index_dir or not other.is_dir() or not stamp.exists():
            continue
        try:
            then = json.loads(stamp.read_text())
        except (OSError, ValueError):
            continue
        if then.get("corpus") == now["corpus"] and then != now:
            stale.append(other)
    return stale
