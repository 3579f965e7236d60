"""Durability: SIGKILL `add`, `sync` and `rebuild` at random moments and inside the write window,
and count what a kill ever cost.

    python bench/durability_bench.py [--kills 120] [--articles 40] [--seed 1]

Each round changes the corpus the way a newsroom does (new stories, edited ones, deleted ones),
starts one indexing run in a subprocess (tests/kill_worker.py: the real indexer, Chroma and
store, with a fast deterministic embedder and a commit every 8 passages), and kills it: half the
time after a random delay from its start, half the time a moment after one of its commits (inside
the write window). Then it reads the store as a new reader would and counts:

- half-visible: a visible article without exactly its passages;
- duplicated: a passage id twice, or two visible articles from one file;
- lost: an article visible before the kill that is gone and should not be (add and rebuild never
  remove; sync removes only files deleted from the corpus); for rebuild the index must be the one
  before or the finished new one, never something else;
- unrecoverable: the same run started again does not finish cleanly with the store exactly as the
  corpus says.

All four must be 0. Prints one JSON line and a table; the quick version is in
tests/test_crash_safety.py.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import index  # noqa: E402,F401  (offline environment defaults)
from index.chroma_store import ChromaStore  # noqa: E402
from index.settings import Settings  # noqa: E402

SAMPLE = ROOT / "articles" / "ap-cuban-officers-venezuela.txt"
OPS = ("add", "sync", "rebuild")


def story(number: int, version: int) -> str:
    body = SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]
    return (
        f"Story number {number}, version {version}, opens here.\n\n{body}\n\nStory {number} ends.\n"
    )


def state(data_dir: Path) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """(article id -> (origin, content hash)) as a new reader sees it, and what is wrong with it:
    half-visible articles and duplicates."""
    store = ChromaStore.from_settings(Settings(data_dir=data_dir))
    manifest = store.manifest()
    passages = store.passages()
    problems = []
    ids = [p.id for p in passages]
    if len(ids) != len(set(ids)):
        problems.append("duplicated: a passage id is visible twice")
    per_article = collections.defaultdict(list)
    for p in passages:
        per_article[p.article_id].append(int(p.metadata["chunk"]))
    for article_id, entry in manifest.items():
        if sorted(per_article.get(article_id, [])) != list(range(entry.passages)):
            problems.append(f"half-visible: {article_id}")
    origins = collections.Counter(e.origin for e in manifest.values())
    problems += [f"duplicated: two articles from {o}" for o, n in origins.items() if n > 1]
    if set(per_article) - set(manifest):
        problems.append("half-visible: passages of an article without a manifest entry")
    return {i: (e.origin, e.content_hash) for i, e in manifest.items()}, problems


def run(op: str, corpus: Path, data_dir: Path, kill: tuple[str, float, int] | None):
    """Run one indexing op; with ``kill`` (how, seconds, commits), SIGKILL it. True if killed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_worker", op, str(corpus), str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    killed = False
    if kill is not None:
        how, delay, commits = kill
        seen = 0
        for line in proc.stdout:
            if how == "after start" and line.startswith("started"):
                time.sleep(delay)
            elif how == "in the write window" and line.startswith("wrote"):
                seen += 1
                if seen < commits:
                    continue
                time.sleep(delay)
            else:
                continue
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed = True
            break
    out, err = proc.communicate(timeout=600)
    killed = killed and proc.returncode == -signal.SIGKILL
    return killed, proc.returncode, out, err


def mutate(corpus: Path, rng: random.Random, versions: dict[int, int], next_id: list[int]) -> None:
    """New stories, edited ones and deleted ones, as between two syncs of a newsroom folder."""
    present = sorted(versions)
    for number in rng.sample(present, k=min(len(present), rng.randint(1, 6))):
        versions[number] += 1
        (corpus / f"story-{number:04d}.txt").write_text(story(number, versions[number]))
    for number in rng.sample(present, k=min(len(present) // 4, rng.randint(0, 3))):
        (corpus / f"story-{number:04d}.txt").unlink(missing_ok=True)
        versions.pop(number, None)
    for _ in range(rng.randint(1, 5)):
        number = next_id[0]
        next_id[0] += 1
        versions[number] = 0
        (corpus / f"story-{number:04d}.txt").write_text(story(number, 0))


def bench(kills: int, articles: int, seed: int, work: Path) -> dict[str, object]:
    rng = random.Random(seed)
    counts = {"half-visible": 0, "duplicated": 0, "lost": 0, "unrecoverable": 0}
    done: collections.Counter[str] = collections.Counter()
    examples: list[str] = []
    stores: dict[int, tuple[dict[int, int], list[int]]] = {}  # corpus -> versions, next number
    rounds = window = 0
    # until ``kills`` runs were killed, each op at least once: on a fast machine a small add can
    # finish before its kill many times over (bounded, so that a run always ends)
    while (
        sum(done[f"{op} killed"] for op in OPS) < kills
        or not all(done[f"{op} killed"] for op in OPS)
    ) and rounds < 20 * kills:
        rounds += 1
        slot = rounds % 4  # a few stores, each living through many rounds
        data_dir, corpus = work / f"data-{slot}", work / f"corpus-{slot}"
        if slot not in stores:
            corpus.mkdir(parents=True)
            for number in range(articles):
                (corpus / f"story-{number:04d}.txt").write_text(story(number, 0))
            stores[slot] = ({n: 0 for n in range(articles)}, [articles])
            run("add", corpus, data_dir, None)
        versions, next_id = stores[slot]
        op = OPS[rounds % 3]
        if op != "rebuild":
            mutate(corpus, rng, versions, next_id)
        before, _ = state(data_dir)
        how = rng.choice(["after start", "in the write window"])
        delay = rng.uniform(0, 2.5) if how == "after start" else rng.uniform(0, 0.05)
        killed, _, _, _ = run(op, corpus, data_dir, (how, delay, rng.randint(1, 12)))
        done[f"{op} {'killed' if killed else 'finished first'}"] += 1
        window += killed and how == "in the write window"
        after, problems = state(data_dir)
        files = {str((corpus / f"story-{n:04d}.txt").resolve()) for n in versions}
        problems += [
            f"lost: {i}"
            for i, (origin, _) in before.items()
            if i not in after and (op != "sync" or origin in files)
        ]
        if op == "rebuild" and after != before:
            problems.append("lost: a killed rebuild left neither the old index nor the new")
        # recovery: the same run again, to its end, must leave the store as the corpus says
        _, code, _, err = run(op, corpus, data_dir, None)
        final, more = state(data_dir)
        origins = {o for o, _ in final.values()}
        wanted = {
            "add": files | {o for o, _ in before.values()},
            "sync": files,
            "rebuild": {o for o, _ in before.values()},
        }[op]
        if code != 0 or more or origins != wanted or (op == "rebuild" and final != before):
            problems.append(f"unrecoverable: {op} exit {code}, {more}, {err[-300:]}")
        for problem in problems:
            counts[problem.split(":", 1)[0]] += 1
            if len(examples) < 10:
                examples.append(problem)
        if op == "add":  # add keeps deleted files' articles; a sync brings the store in line
            run("sync", corpus, data_dir, None)
    return {
        "kills": sum(done[f"{op} killed"] for op in OPS),
        "in_write_window": window,
        "rounds": rounds,
        **{k.replace(" ", "_"): v for k, v in sorted(done.items())},
        **counts,
        "examples": examples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=120)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="durability-") as tmp:
        result = bench(args.kills, args.articles, args.seed, Path(tmp))
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result))
    print("\n| kills | in the write window | lost | duplicated | half-visible | unrecoverable |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {result['kills']} | {result['in_write_window']} | {result['lost']} | "
        f"{result['duplicated']} | {result['half-visible']} | {result['unrecoverable']} |"
    )
    bad = any(result[k] for k in ("lost", "duplicated", "half-visible", "unrecoverable"))
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
