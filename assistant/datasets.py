"""Evaluation sets in the layout of ``shared/eval/README.md``: corpus.jsonl, queries.jsonl,
qrels.tsv. Used by ``factcheck eval`` and by the verifier's training command."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import ConfigError

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


def in_holdout(claim_id: str, fraction: float = 0.2, salt: str = "verifier-v1") -> bool:
    """A stable split by claim id: the same claims are held out on every machine and run."""
    digest = hashlib.sha1(f"{salt}:{claim_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction
