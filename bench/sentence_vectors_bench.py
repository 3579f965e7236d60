"""Sentence vectors kept at index time against sentences embedded when a claim is checked.

    python bench/sentence_vectors_bench.py ../shared/eval/scifact ../shared/eval/wice [--split report]

For each claim with gold sentences, the gold document's passages as the index holds them compete
(every sentence of the article), and the evidence ranking the assistant ships (cosine with the
claim, then the verifier's blend over the best eight) picks the top three twice: once with the
vectors pooled from each passage's forward pass and stored with it, once with every sentence
embedded on its own at check time, as before. Prints, per set, the share of claims with a gold
sentence among the top 3 and the top 8 by cosine alone, and among the top 3 after the blend, for
both, and the milliseconds the sentence vectors took per claim. Uses (and builds, if missing)
the set's cached index, as `factcheck eval` does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import index  # noqa: E402,F401  (offline environment defaults)


def _gold_in(sentences: list[str], gold: set[str]) -> bool:
    """Our splitter's sentences and the set's own need not cut alike: a sentence counts when it
    holds a gold one or lies inside one."""
    for sentence in sentences:
        s = " ".join(sentence.split())
        if any(g and (g in s or (len(s) > 20 and s in g)) for g in gold):
            return True
    return False


def run(path: Path, split: str | None) -> dict[str, object]:
    from assistant.datasets import in_split, index_corpus, load_dataset
    from assistant.evidence import candidate_sentences, rank_by_relevance, stored_sentence_vectors
    from assistant.query import resolve
    from assistant.retrieval import Hit
    from assistant.service import build_assistant
    from index.settings import Settings

    data = load_dataset(path)
    base = build_assistant(Settings())
    local = index_corpus(Settings(), data, base.embedder, lambda line: print(line, file=sys.stderr))
    assistant = base.with_settings(local)
    assistant.warm_up()
    by_doc = {e.origin.rsplit("#", 1)[-1]: e.article_id for e in assistant.library()}
    counts = {f"{how}@{at}": 0 for how in ("stored", "at_check") for at in ("3", "8", "3_blend")}
    spent: dict[str, list[float]] = {"stored": [], "at_check": []}
    claims = 0
    for claim in data.claims:
        if split and not in_split(claim.claim_id, split):
            continue
        doc_id = next((d for d, sets in claim.evidence.items() if any(sets)), None)
        doc = data.documents.get(doc_id or "")
        if doc is None or not doc.sentences or doc_id not in by_doc:
            continue
        gold = {
            " ".join(doc.sentences[i].split())
            for group in claim.evidence[doc_id]
            for i in group
            if i < len(doc.sentences)
        }
        passages = assistant.store.passages(where={"article_id": by_doc[doc_id]})
        hits = [Hit(p, 0.0) for p in sorted(passages, key=lambda p: p.metadata.get("chunk", 0))]
        query = resolve(claim.text)
        vector = assistant.embedder.embed_query(query.checked)
        claims += 1
        for how in ("stored", "at_check"):
            candidates = candidate_sentences(hits)
            assistant.sentence_vectors._cache.clear()
            started = time.perf_counter()
            known = stored_sentence_vectors(hits, len(vector)) if how == "stored" else None
            ranked = rank_by_relevance(vector, candidates, assistant.sentence_vectors, known)
            spent[how].append((time.perf_counter() - started) * 1000)
            counts[f"{how}@3"] += _gold_in([e.sentence for e in ranked[:3]], gold)
            counts[f"{how}@8"] += _gold_in([e.sentence for e in ranked[:8]], gold)
            blended = assistant.rank_evidence(query, candidates, vector, known)
            counts[f"{how}@3_blend"] += _gold_in([e.sentence for e in blended[:3]], gold)
    out: dict[str, object] = {"set": data.name, "split": split or "all", "claims": claims}
    out.update({k: round(v / max(1, claims), 4) for k, v in counts.items()})
    for how, times in spent.items():
        out[f"{how}_ms_p50"] = round(statistics.median(times), 2) if times else None
    with_vectors = sum("sentence_vectors" in p.metadata for p in assistant.store.passages())
    out["passages_with_vectors"] = with_vectors
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--split", choices=["train", "tune", "report"])
    args = parser.parse_args()
    for path in args.sets:
        print(json.dumps(run(path, args.split)), flush=True)


if __name__ == "__main__":
    main()
