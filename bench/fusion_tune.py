"""Measure hybrid-retrieval settings on evaluation sets: dense and BM25 rankings are computed
once per claim, then every fusion setting is scored at document level (nDCG@10, Recall@20).

    python bench/fusion_tune.py ../shared/eval/scifact ../shared/eval/wice [--limit N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.datasets import (
    index_corpus,  # noqa: E402
    load_dataset,  # noqa: E402
)
from assistant.evaluate import ndcg_at, recall_at  # noqa: E402
from assistant.retrieval import Hit  # noqa: E402
from assistant.service import build_assistant  # noqa: E402
from index.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--depth", type=int, default=100)
    args = parser.parse_args()
    settings = Settings()
    base = build_assistant(settings)
    table = {}
    for path in args.sets:
        data = load_dataset(path)
        local = index_corpus(
            settings, data, base.embedder, lambda line: print(line, file=sys.stderr)
        )
        assistant = base.with_settings(local)
        origins = {e.article_id: e.origin.rsplit("#", 1)[-1] for e in assistant.library()}
        revision = assistant.store.revision()
        index = assistant.lexical.get(revision)
        claims = [c for c in data.claims if data.qrels.get(c.claim_id)][: args.limit]
        runs = []
        for claim in claims:
            vector = assistant.embedder.embed_query(claim.text)
            dense = assistant.store.query(vector, args.depth)
            lexical = [index.passage(h.index) for h in index.search(claim.text, args.depth)]
            runs.append((claim, dense, lexical))
        results = {}
        grid = itertools.product([0.0, 0.5, 1.0], [0.0, 0.5, 1.0, 1.5, 2.0], [10, 60], [1, 3])
        for wd, wl, rrf_k, per_article in grid:
            if wd == wl == 0 or (wd == 0 and wl != 1.0) or (wl == 0 and wd != 1.0):
                continue
            ndcg = recall = 0.0
            for claim, dense, lexical in runs:
                hits: dict[str, Hit] = {}
                for weight, ranking in ((wd, dense), (wl, lexical)):
                    if weight <= 0:
                        continue
                    for rank, passage in enumerate(ranking):
                        hit = hits.setdefault(passage.id, Hit(passage, 0.0))
                        hit.score += weight / (rrf_k + rank + 1)
                # per-article cap only: near-duplicate folding is too slow to grid over here
                # and the evaluation corpora have no duplicated wire copy
                counts: dict[str, int] = {}
                docs = []
                for h in sorted(hits.values(), key=lambda h: -h.score):
                    counts[h.article_id] = counts.get(h.article_id, 0) + 1
                    if counts[h.article_id] <= per_article:
                        docs.append(origins[h.article_id])
                docs = list(dict.fromkeys(docs))
                ndcg += ndcg_at(docs, data.qrels[claim.claim_id], 10)
                recall += recall_at(docs, data.qrels[claim.claim_id], 20)
            key = f"dense={wd} bm25={wl} rrf_k={rrf_k} per_article={per_article}"
            results[key] = (round(ndcg / len(runs), 4), round(recall / len(runs), 4))
        table[data.name] = results
        for key, (ndcg, recall) in sorted(results.items(), key=lambda kv: -kv[1][0])[:12]:
            print(f"{data.name}\t{key}\tnDCG@10 {ndcg}\tR@20 {recall}")
    print(json.dumps(table))


if __name__ == "__main__":
    main()
