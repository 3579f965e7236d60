"""HNSW recall and latency in Chroma against exact search.

    python bench/hnsw_bench.py --n 100000 --ef-search 64 128 256
    python bench/hnsw_bench.py --real ../shared/eval --n 100000     # real sentences and claims

Random unit vectors (384-d) are the hardest case for HNSW: real embeddings cluster and are easier.
``--real DIR`` embeds up to n sentences of the evaluation corpora under DIR (and NLI premises)
with the bundled model as passages, and their claims as queries (cached in the data dir).
For each ef_search it reports recall@10 against exact (numpy) top-10, and query p50/p95.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import index  # noqa: E402,F401  (offline environment defaults)


def vectors(n: int, dim: int, queries: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    data = rng.normal(size=(n, dim)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    probe = rng.normal(size=(queries, dim)).astype(np.float32)
    probe /= np.linalg.norm(probe, axis=1, keepdims=True)
    return data, probe


def real_vectors(root: Path, n: int, queries: int, cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """Sentences of the corpora under ``root`` as passages, claims as queries; embedded once."""
    import json

    if cache.exists():
        saved = np.load(cache)
        return saved["data"][:n], saved["probe"][:queries]
    texts: list[str] = []
    claims: list[str] = []
    for corpus in sorted(root.glob("*/corpus.jsonl")):
        for line in corpus.open(encoding="utf-8"):
            row = json.loads(line)
            texts.extend(row.get("sentences") or [row["text"]])
        claims.extend(
            json.loads(q)["text"] for q in (corpus.parent / "queries.jsonl").open(encoding="utf-8")
        )
    for nli in sorted(root.glob("nli/*.jsonl")):
        for line in nli.open(encoding="utf-8"):
            row = json.loads(line)
            texts.extend([row["premise"], row["hypothesis"]])
    texts = [t for t in dict.fromkeys(t.strip() for t in texts) if len(t) > 20][:n]
    rng = np.random.default_rng(0)
    claims = [claims[i] for i in rng.permutation(len(claims))[:queries]]
    from index.embedder import make_embedder
    from index.settings import Settings

    embedder = make_embedder(Settings())
    started = time.perf_counter()
    data = embedder.embed_documents(texts).astype(np.float32)
    probe = np.vstack([embedder.embed_query(c) for c in claims]).astype(np.float32)
    print(
        f"embedded {len(texts)} sentences and {len(claims)} claims in {time.perf_counter() - started:.0f} s"
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, data=data, probe=probe)
    return data, probe


def load_vectors(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray]:
    if args.real:
        return real_vectors(Path(args.real), args.n, args.queries, Path(args.cache))
    return vectors(args.n, args.dim, args.queries)


def client(path: str):  # -> chromadb.ClientAPI
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path, settings=ChromaSettings(anonymized_telemetry=False))


def measure(args: argparse.Namespace) -> None:
    """In a fresh process: a loaded HNSW segment keeps the ef_search it was opened with."""
    data, probe = load_vectors(args)
    exact = np.argsort(-(probe @ data.T), axis=1)[:, :10]
    c = client(args.path)
    c.get_collection("bench", embedding_function=None).modify(
        configuration={"hnsw": {"ef_search": args.measure}}
    )
    c = client(args.path)
    col = c.get_collection("bench", embedding_function=None)
    col.query(query_embeddings=probe[:1], n_results=10, include=[])  # load the segment
    times, hits = [], 0
    for q, truth in zip(probe, exact, strict=True):
        t = time.perf_counter()
        got = col.query(query_embeddings=[q], n_results=10, include=[])
        times.append((time.perf_counter() - t) * 1000)
        hits += len({int(i) for i in got["ids"][0]} & set(truth.tolist()))
    p50, p95 = np.percentile(times, [50, 95])
    print(
        f"| {args.measure} | {hits / (10 * len(probe)):.3f} | {p50:.1f} | {p95:.1f} |", flush=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--max-neighbors", type=int, default=32)
    parser.add_argument("--ef-search", type=int, nargs="+", default=[100, 128, 256, 512])
    parser.add_argument(
        "--real", help="Folder of evaluation sets: embed real sentences and claims."
    )
    parser.add_argument(
        "--cache", default="data/bench/hnsw-real.npz", help="Embeddings cache (--real)."
    )
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args)
        return

    data, _ = load_vectors(args)
    args.n = len(data)
    with tempfile.TemporaryDirectory() as tmp:
        c = client(tmp)
        col = c.create_collection(
            "bench",
            embedding_function=None,
            configuration={
                "hnsw": {
                    "space": "cosine",
                    "ef_construction": args.ef_construction,
                    "max_neighbors": args.max_neighbors,
                }
            },
        )
        started = time.perf_counter()
        batch = c.get_max_batch_size()
        ids = [str(i) for i in range(args.n)]
        for s in range(0, args.n, batch):
            col.add(ids=ids[s : s + batch], embeddings=data[s : s + batch])
        print(
            f"{args.n} {'real' if args.real else 'random'} {data.shape[1]}-d vectors inserted in {time.perf_counter() - started:.1f} s "
            f"(ef_construction={args.ef_construction}, max_neighbors={args.max_neighbors})"
        )
        print("\n| ef_search | recall@10 | p50 ms | p95 ms |\n|---|---|---|---|", flush=True)
        del col, c
        for ef in args.ef_search:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--measure",
                    str(ef),
                    "--path",
                    tmp,
                    "--n",
                    str(args.n),
                    "--dim",
                    str(args.dim),
                    "--queries",
                    str(args.queries),
                    *(["--real", args.real, "--cache", args.cache] if args.real else []),
                ],
                check=True,
            )


if __name__ == "__main__":
    main()
