"""Indexing benchmark: our write path against the plain LangChain pipeline a tutorial would write.

    python bench/index_bench.py --corpus ../shared/eval/scifact/corpus.jsonl [--limit N]

Each stage runs in its own process (so peak memory is its own) and prints one JSON line; the
parent prints a Markdown table. Stages: `ours` (first build), `ours-again` (unchanged corpus),
`baseline` (RecursiveCharacterTextSplitter(1000, 200) + HuggingFaceEmbeddings + Chroma.from_documents,
same model). When queries.jsonl and qrels.tsv sit beside the corpus, both stores are also scored
with dense search: document-level nDCG@10. Compare numbers only within one run: this machine's
speed swings up to 2x between runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import index  # noqa: E402,F401  (offline environment defaults)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def load_eval(corpus: Path) -> tuple[list[tuple[str, str]], dict[str, set[str]]] | None:
    queries, qrels = corpus.parent / "queries.jsonl", corpus.parent / "qrels.tsv"
    if not (queries.exists() and qrels.exists()):
        return None
    relevant: dict[str, set[str]] = {}
    for line in qrels.read_text().splitlines()[1:]:
        qid, did, score = line.split("\t")
        if int(score) > 0:
            relevant.setdefault(qid, set()).add(did)
    qs = [json.loads(line) for line in queries.read_text().splitlines() if line.strip()]
    return [(q["_id"], q["text"]) for q in qs if q["_id"] in relevant], relevant


def ndcg10(ranked: list[str], relevant: set[str]) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return dcg / ideal if ideal else 0.0


def over_limit(texts: list[str], limit: int = 256) -> tuple[float, float]:
    """Share of texts longer than the model reads (special tokens included), and mean length."""
    from index.embedder import count_with, load_tokenizer, resolve_model_path

    tok = load_tokenizer(resolve_model_path("all-MiniLM-L6-v2"))
    counts = [c + 2 for c in count_with(tok, texts)]
    return sum(c > limit for c in counts) / max(1, len(counts)), sum(counts) / max(1, len(counts))


def stage_ours(corpus: Path, data_dir: Path, backend: str, evaluate: bool) -> dict:
    from index.indexer import build_indexer
    from index.settings import Settings

    settings = Settings(data_dir=data_dir, embedding_backend=backend)
    indexer = build_indexer(settings)
    indexer.embedder.embed_query("warm up")  # load (or export) the model outside the timing
    import chromadb  # noqa: F401  (imported before timing, as the baseline's langchain_chroma is)

    started = time.perf_counter()
    report = indexer.add([corpus])
    seconds = time.perf_counter() - started
    result = {
        "articles": len(report.added) + len(report.updated) + len(report.skipped),
        "embedded_articles": len(report.added) + len(report.updated),
        "failed": len(report.failed),
        "chunks": indexer.store.count_passages(),
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "store_mb": dir_mb(settings.chroma_path),
        "bulk": getattr(indexer.embedder, "bulk_path", ""),
    }
    if evaluate and report.added:
        passages = indexer.store.passages()
        titles = {e.article_id: e.title for e in indexer.list()}
        texts = [f"{titles[p.article_id]}\n{p.text}" for p in passages]
        result["over_limit"], result["mean_tokens"] = over_limit(texts)
        result["bare_title"] = sum(
            p.text.strip() == titles[p.article_id].strip() for p in passages
        ) / max(1, len(passages))
    data = load_eval(corpus) if evaluate else None
    if data:
        queries, relevant = data
        origin_to_doc = {e.article_id: e.origin.rsplit("#", 1)[-1] for e in indexer.list()}
        scores = []
        for qid, text in queries:
            hits = indexer.store.query(indexer.embedder.embed_query(text), 50)
            ranked = list(dict.fromkeys(origin_to_doc[h.article_id] for h in hits))
            scores.append(ndcg10(ranked, relevant[qid]))
        result["ndcg@10"] = sum(scores) / len(scores)
    return result


def stage_baseline(corpus: Path, data_dir: Path, evaluate: bool) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from index.embedder import resolve_model_path

    embeddings = HuggingFaceEmbeddings(model_name=resolve_model_path("all-MiniLM-L6-v2"))
    embeddings.embed_query("warm up")
    started = time.perf_counter()
    docs = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            docs.append(
                Document(
                    page_content=f"{rec.get('title', '')}\n\n{rec['text']}",
                    metadata={"doc_id": rec["_id"], "title": rec.get("title", "")},
                )
            )
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs
    )
    store = Chroma.from_documents(
        chunks, embeddings, persist_directory=str(data_dir), collection_name="baseline"
    )
    seconds = time.perf_counter() - started
    result = {
        "articles": len(docs),
        "embedded_articles": len(docs),
        "failed": 0,
        "chunks": len(chunks),
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "store_mb": dir_mb(data_dir),
    }
    if evaluate:
        texts = [c.page_content for c in chunks]
        result["over_limit"], result["mean_tokens"] = over_limit(texts)
        result["bare_title"] = sum(
            c.page_content.strip() == c.metadata["title"].strip() for c in chunks
        ) / max(1, len(chunks))
        data = load_eval(corpus)
        if data:
            queries, relevant = data
            scores = []
            for qid, text in queries:
                hits = store.similarity_search(text, k=50)
                ranked = list(dict.fromkeys(h.metadata["doc_id"] for h in hits))
                scores.append(ndcg10(ranked, relevant[qid]))
            result["ndcg@10"] = sum(scores) / len(scores)
    return result


def run_stage(
    args: argparse.Namespace, stage: str, corpus: Path, data_dir: Path, **env: str
) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--stage",
        stage,
        "--corpus",
        str(corpus),
        "--data-dir",
        str(data_dir),
        "--backend",
        args.backend,
    ]
    if args.no_eval:
        cmd.append("--no-eval")
    print(f"... {stage}", file=sys.stderr, flush=True)
    out = subprocess.run(
        cmd, check=True, capture_output=True, text=True, env={**os.environ, **env}
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="JSON lines: _id, title, text")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--backend", default="onnx-int8", choices=["onnx-int8", "torch"])
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--bulk-off-too",
        action="store_true",
        help="also build with the bulk path off (FACTCHECK_EMBEDDING_BULK=off: the int8 "
        "model as a check uses it), for a before/after in one run",
    )
    parser.add_argument("--no-eval", action="store_true", help="skip the nDCG@10 check")
    parser.add_argument(
        "--stage", choices=["ours", "ours-again", "baseline"], help=argparse.SUPPRESS
    )
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stage:
        if args.stage == "baseline":
            result = stage_baseline(args.corpus, args.data_dir, not args.no_eval)
        else:
            result = stage_ours(
                args.corpus, args.data_dir, args.backend, args.stage == "ours" and not args.no_eval
            )
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        corpus = args.corpus.resolve()
        if args.limit:
            corpus = Path(tmp) / corpus.name
            with args.corpus.open(encoding="utf-8") as src:
                lines = [line for _, line in zip(range(args.limit), src, strict=False)]
            corpus.write_text("".join(lines), encoding="utf-8")
        # model caches (the ONNX export) live outside the timed runs
        os.environ.setdefault("FACTCHECK_DATA_DIR", str(Path(tmp) / "warm"))
        rows = {"ours (first build)": run_stage(args, "ours", corpus, Path(tmp) / "ours")}
        rows["ours (unchanged re-run)"] = run_stage(args, "ours-again", corpus, Path(tmp) / "ours")
        if args.bulk_off_too:
            rows["ours, bulk path off (first build)"] = run_stage(
                args, "ours", corpus, Path(tmp) / "off", FACTCHECK_EMBEDDING_BULK="off"
            )
        if not args.skip_baseline:
            rows["LangChain baseline"] = run_stage(args, "baseline", corpus, Path(tmp) / "base")
    print_table(rows, args)


def print_table(rows: dict[str, dict], args: argparse.Namespace) -> None:
    print(
        f"\nCorpus: {args.corpus} ({'first ' + str(args.limit) if args.limit else 'all'}), "
        f"embedding backend: {args.backend}, {os.cpu_count()} cores\n"
    )
    print(
        "| pipeline | articles | chunks | seconds | articles/s | chunks/s | peak MB | store MB "
        "| chunks > 256 wp | bare-title chunks | nDCG@10 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():

        def pct(key: str, r: dict = r) -> str:
            return f"{100 * r[key]:.1f}%" if key in r else "–"

        ndcg = f"{r['ndcg@10']:.3f}" if "ndcg@10" in r else "–"
        print(
            f"| {name} | {r['articles']} | {r['chunks']} | {r['seconds']:.1f} | "
            f"{r['articles'] / r['seconds']:.1f} | {r['chunks'] / r['seconds']:.1f} | "
            f"{r['peak_mb']:.0f} | {r['store_mb']:.1f} | {pct('over_limit')} | "
            f"{pct('bare_title')} | {ndcg} |"
        )
    ours, again = rows["ours (first build)"], rows["ours (unchanged re-run)"]
    print(f"\nunchanged re-run: {100 * again['seconds'] / ours['seconds']:.1f}% of the first build")
    if "LangChain baseline" in rows:
        base = rows["LangChain baseline"]
        speedup = (ours["articles"] / ours["seconds"]) / (base["articles"] / base["seconds"])
        path = ours["bulk"] or "none"
        print(f"first build vs baseline: {speedup:.2f}x articles/s (bulk path: {path})")
        if "ours, bulk path off (first build)" in rows:
            off = rows["ours, bulk path off (first build)"]
            speedup = (off["articles"] / off["seconds"]) / (base["articles"] / base["seconds"])
            print(f"bulk path off vs baseline: {speedup:.2f}x articles/s")


if __name__ == "__main__":
    main()
