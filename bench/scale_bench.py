"""The archive at scale: build a store of the scale corpus in stages and measure each stage.

    python bench/scale_corpus.py /tmp/scale                 # 100,000 articles, once
    python bench/scale_bench.py --corpus /tmp/scale [--sizes 10000,30000,100000] [--work DIR]
    FACTCHECK_CHROMA_HOST=127.0.0.1 FACTCHECK_CHROMA_PORT=8000 python bench/scale_bench.py ...

Each stage grows the same store to the given number of articles (`factcheck index add` on the
corpus's first shards; a size between shards indexes the start of the next one) in its own
process, then measures, in another fresh process, what a person asking meets:

- indexing: seconds, articles/s, passages/s, peak RSS of the indexing process, store size;
- the assistant (the models and store the web app holds, without Gradio): RSS idle after warm-up
  and after the queries; `check` p50 / p95 warm with the LLM off, over claims of the evaluation
  sets (the process warmed up on other claims of the same sets first; a timed claim is new to
  it, as a person's is);
- one more article added: seconds from its commit until the first answer, and whether that
  answer cites it;
- the web app itself (Gradio and all, in its own process): RSS after its first requests and
  while four users ask through its check API (``--web-seconds``, 0 to skip);
- at the last stage, an unchanged re-run of the add (everything skipped).

``--only-queries`` measures the store in ``--work`` as it is (no indexing), at one size.

Prints one JSON line per stage and a Markdown table. With FACTCHECK_CHROMA_HOST set, the same
against a Chroma server. Compare numbers only within one run: this machine's speed swings.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_SHARD = 10_000


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_folder(corpus: Path, work: Path, size: int) -> Path:
    """The first ``size`` articles of the corpus as a folder: links to whole shards, and the
    start of the next shard as its own file."""
    folder = work / f"stage-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shards = sorted(corpus.glob("shard-*.jsonl"))
    whole, rest = divmod(size, PER_SHARD)
    for shard in shards[:whole]:
        (folder / shard.name).symlink_to(shard.resolve())
    if rest and whole < len(shards):
        with shards[whole].open(encoding="utf-8") as src:
            lines = [next(src) for _ in range(rest)]
        (folder / f"part-{size}.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


def run_index(folder: Path, data: Path) -> dict[str, object]:
    """Child: index the folder into the store; its own time and peak memory."""
    from index.indexer import build_indexer
    from index.settings import Settings

    settings = Settings(data_dir=data)
    indexer = build_indexer(settings)
    started = time.perf_counter()
    report = indexer.add([folder])
    seconds = time.perf_counter() - started
    stats = indexer.stats()
    return {
        "added": len(report.added),
        "skipped": len(report.skipped),
        "failed": len(report.failed),
        "passages_added": report.passages,
        "index_seconds": round(seconds, 1),
        "articles_per_s": round(len(report.added) / max(seconds - report.setup_seconds, 1e-9), 1),
        "passages_per_s": round(report.passages_per_second, 1),
        "index_peak_rss_mb": round(_peak_mb()),
        "articles": stats["articles"],
        "passages": stats["passages"],
        "store_mb": round((stats["size_bytes"] or 0) / 1e6, 1),
    }


def cpu() -> dict[str, object]:
    """What the numbers were measured on: int8 speed depends on VNNI (onnxruntime uses it where
    the CPU has it)."""
    path = Path("/proc/cpuinfo")
    first: dict[str, str] = {}  # each field's value for the first core
    for line in (path.read_text() if path.exists() else "").splitlines():
        key, _, value = line.partition(":")
        first.setdefault(key.strip(), value.strip())
    flags = set(first.get("flags", "").split())
    return {
        "cpu": first.get("model name", ""),
        "cores": os.cpu_count(),
        "vnni": bool(flags & {"avx512_vnni", "avx_vnni"}),
    }


def server_rss() -> dict[str, object]:
    """With FACTCHECK_CHROMA_HOST set: the RSS and peak RSS of the `chroma run` process on this
    machine that serves FACTCHECK_CHROMA_PORT (nothing when the server is elsewhere)."""
    if not os.environ.get("FACTCHECK_CHROMA_HOST"):
        return {}
    port = os.environ.get("FACTCHECK_CHROMA_PORT", "8000")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            status = (proc / "status").read_text()
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in argv]
        if "run" in words and any(w.endswith("chroma") for w in words):
            named = words[words.index("--port") + 1] if "--port" in words else "8000"
            if named == port:
                fields = dict(ln.split(":", 1) for ln in status.splitlines() if ":" in ln)
                mb = {
                    k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM") if k in fields
                }
                return {
                    "server_rss_mb": round(mb.get("VmRSS", 0)),
                    "server_peak_rss_mb": round(mb.get("VmHWM", 0)),
                }
    return {}


def _p95(values: list[float]) -> float:
    return round(sorted(values)[max(0, int(0.95 * len(values)) - 1)], 1)


def claims(eval_dir: Path, per_set: int) -> list[str]:
    out: list[str] = []
    for name in ("scifact", "fm2", "wice"):
        path = eval_dir / name / "queries.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                out += [
                    json.loads(line)["text"]
                    for _, line in zip(range(per_set), handle, strict=False)
                ]
    return out or ["32 Cuban officers were killed in the US operation in Venezuela"]


def run_queries(data: Path, eval_dir: Path, per_set: int, work: Path) -> dict[str, object]:
    """Child: the assistant warm, its memory, check latency, and one article added."""
    from assistant.service import build_assistant
    from index.indexer import build_indexer
    from index.settings import Settings

    settings = Settings(data_dir=data, llm_provider="none")
    assistant = build_assistant(settings)
    started = time.perf_counter()
    assistant.warm_up()
    # the first half warms the process up; the timed claims are others, never asked before
    # (asked again, a claim's sentences would come from the sentence-vector cache)
    both = claims(eval_dir, 2 * per_set)
    warm, asked = [], []
    for at in range(0, len(both), 2 * per_set):
        warm += both[at : at + per_set]
        asked += both[at + per_set : at + 2 * per_set]
    assistant.check(warm[0])  # the lexical index and caches, once
    warm_up_s = time.perf_counter() - started
    idle = _rss_mb()
    for claim in warm:
        assistant.check(claim)
    times = []
    stages: dict[str, list[float]] = {}
    for claim in asked:
        t = time.perf_counter()
        timed = assistant.check(claim)
        times.append((time.perf_counter() - t) * 1000)
        for name, ms in timed.timings_ms.items():
            stages.setdefault(name, []).append(ms)
    busy = _rss_mb()
    # one more article: from its commit to the first answer about it
    marker = f"Zorvath-{os.getpid()}"
    extra = work / f"extra-{os.getpid()}.md"
    extra.write_text(
        f"---\ntitle: The {marker} bridge reopens\nsource: Scale Wire\npublished: 2026-11-30\n---"
        f"\n\nThe {marker} bridge over the river reopened on Monday after nine months of repairs.\n",
        encoding="utf-8",
    )
    writer = build_indexer(settings)
    report = writer.add([extra])
    t = time.perf_counter()
    result = assistant.check(f"The {marker} bridge reopened after nine months of repairs")
    first_answer = time.perf_counter() - t
    cited = any(marker in (e.sentence or "") for e in result.evidence)
    writer.remove(report.added)  # the next stage's store is the corpus alone again
    extra.unlink()
    assistant.lexical.join()
    return {
        "warm_up_s": round(warm_up_s, 1),
        "claims": len(asked),
        "check_p50_ms": round(statistics.median(times), 1),
        "check_p95_ms": _p95(times),
        # where a check's time goes: each stage's p50 / p95 (``CheckResult.timings_ms``)
        "stages_ms": {
            name: [round(statistics.median(ms), 1), _p95(ms)] for name, ms in stages.items()
        },
        "assistant_rss_idle_mb": round(idle),
        "assistant_rss_busy_mb": round(busy),
        "added_article_first_answer_s": round(first_answer, 2),
        "added_article_cited": cited,
        **server_rss(),
    }


def run_web(data: Path, seconds: float) -> dict[str, object]:
    """Child: the web app (Gradio and all) serving the store, its RSS idle and while four users
    ask through its check API for ``seconds``."""
    sys.path.insert(0, str(ROOT / "bench"))
    from load import users_of

    from app import serve
    from assistant.web import WebApp
    from index.settings import Settings
    from tests.conftest import free_port

    web = WebApp(Settings(data_dir=data, llm_provider="none"), admin_password="")
    web.warm_up()
    port = free_port()
    ui = serve(web, "", "127.0.0.1", 2, server_port=port, prevent_thread_lock=True, quiet=True)
    base = f"http://127.0.0.1:{port}"
    try:
        users_of(base, 1, 5)  # the first requests: the lexical index, Gradio's own warm-up
        idle = _rss_mb()
        got = users_of(base, 4, seconds)
        busy = _rss_mb()
    finally:
        ui.close()
    return {
        "web_rss_idle_mb": round(idle),
        "web_rss_busy_mb": round(busy),
        "web_peak_rss_mb": round(_peak_mb()),
        "web_checks": got["done"],
        "web_errors": got["errors"],
        "web_p50_s": round(float(got["p50"]), 2),
        "web_first_error": got["first_error"],
        **{f"web_stage_{k}": v for k, v in server_rss().items()},
    }


def child(kind: str, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=False)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--work", type=Path, help="store and stage folders (default: a temp dir)")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--claims-per-set", type=int, default=20)
    parser.add_argument("--web-seconds", type=float, default=30, help="0: no web app stage")
    parser.add_argument("--only-queries", action="store_true", help="measure the store as it is")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    import index  # noqa: F401  (offline environment defaults)

    if args.child:
        kind, *rest = args.child
        if kind == "index":
            print(json.dumps(run_index(Path(rest[0]), Path(rest[1]))))
        elif kind == "web":
            print(json.dumps(run_web(Path(rest[0]), float(rest[1]))))
        else:
            print(
                json.dumps(run_queries(Path(rest[0]), Path(rest[3]), int(rest[1]), Path(rest[2])))
            )
        return
    if args.corpus is None and not args.only_queries:
        parser.error("--corpus is required (make it with bench/scale_corpus.py)")
    work = args.work or Path(tempfile.mkdtemp(prefix="scale-"))
    data = work / "data"
    models = ROOT / "data" / "models"  # reuse the exported embedder when there is one
    if models.exists() and not (data / "models").exists():
        data.mkdir(parents=True, exist_ok=True)
        shutil.copytree(models, data / "models")
    rows = []
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        if args.only_queries:
            row = {"size": size, "articles": size, **cpu()}
        else:
            folder = stage_folder(args.corpus, work, size)
            row = {"size": size, **cpu(), **child("index", str(folder), str(data))}
        row.update(child("queries", str(data), str(args.claims_per_set), str(work), str(args.eval)))
        if args.web_seconds > 0:
            row.update(child("web", str(data), str(args.web_seconds)))
        if size == sizes[-1] and not args.only_queries:
            again = child("index", str(folder), str(data))
            row["unchanged_rerun_s"] = again["index_seconds"]
        row["store"] = os.environ.get("FACTCHECK_CHROMA_HOST") or "embedded"
        print(json.dumps(row), flush=True)
        rows.append(row)
    print(
        "\n| articles | index s | articles/s | passages/s | index peak RSS | store | "
        "assistant RSS idle / busy | check p50 / p95 | added → first answer | cited | "
        "web app RSS idle / busy |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r.get('index_seconds', '–')} | {r.get('articles_per_s', '–')} | "
            f"{r.get('passages_per_s', '–')} | {r.get('index_peak_rss_mb', '–')} MB | "
            f"{r.get('store_mb', '–')} MB | "
            f"{r['assistant_rss_idle_mb']} / {r['assistant_rss_busy_mb']} MB | "
            f"{r['check_p50_ms']} / {r['check_p95_ms']} ms | "
            f"{r['added_article_first_answer_s']} s | {r['added_article_cited']} | "
            f"{r.get('web_rss_idle_mb', '–')} / {r.get('web_rss_busy_mb', '–')} MB |"
        )
    if "unchanged_rerun_s" in rows[-1]:
        print(
            f"\nUnchanged re-run at {rows[-1]['articles']:,} articles: {rows[-1]['unchanged_rerun_s']} s"
        )


if __name__ == "__main__":
    main()
