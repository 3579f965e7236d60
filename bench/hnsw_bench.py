"""HNSW recall and latency in Chroma against exact search.

    python bench/hnsw_bench.py --n 100000 --ef-search 64 128 256

Random unit vectors (384-d) are the hardest case for HNSW: real embeddings cluster and are easier.
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


def client(path: str):  # -> chromadb.ClientAPI
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path, settings=ChromaSettings(anonymized_telemetry=False))


def measure(args: argparse.Namespace) -> None:
    """In a fresh process: a loaded HNSW segment keeps the ef_search it was opened with."""
    data, probe = vectors(args.n, args.dim, args.queries)
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
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args)
        return

    data, _ = vectors(args.n, args.dim, args.queries)
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
            f"{args.n} random {args.dim}-d vectors inserted in {time.perf_counter() - started:.1f} s "
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
                ],
                check=True,
            )


if __name__ == "__main__":
    main()
