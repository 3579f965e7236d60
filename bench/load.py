"""Load on the web app's check API: N users asking at once for T seconds, over loopback only.

    python bench/load.py [--users 32] [--seconds 20] [--limits 1,2,4] [--index-while]
    python bench/load.py --url http://127.0.0.1:7860 [--users 32] [--seconds 20]

Builds a temporary index of the sample articles with the real models, launches the app on a
free loopback port once per concurrency limit (checks that run side by side; app.py's
CHECKS_AT_ONCE), and has each user ask its questions one after another through
/gradio_api/call/check, from a second process (the users' threads do not hold the server's
GIL). One user alone first: the single-request latency. Prints, per run, the checks done, the
errors (and the first of them), requests/s and p50 / p95 latency. With ``--url`` it is only
the users, against an app already running on this machine (one JSON line).
``--index-while`` also indexes a long article through the app's own handler during each run,
to see what indexing does to the chat. Compare numbers only within one run: the machine's
speed swings between runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import index  # noqa: E402,F401  (offline environment defaults)

QUESTIONS = [
    "How many Cuban officers were killed?",
    "32 Cuban officers were killed in the US operation in Venezuela",
    "The US operation killed 23 Cuban officers",
    "How many days of mourning did Cuba announce?",
    "The Eiffel Tower is in Berlin",
    "Who announced the mourning?",
]
MOST_USERS, MOST_SECONDS = 64, 120


def user(base: str, until: float, number: int, times: list[float], errors: list[str]) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=120) as client:
        turn = number
        while time.monotonic() < until:
            question = QUESTIONS[turn % len(QUESTIONS)]
            turn += 1
            start = time.monotonic()
            try:
                posted = client.post(
                    "/gradio_api/call/check", json={"data": [question, [], "", "", 8]}
                )
                posted.raise_for_status()
                event = posted.json()["event_id"]
                outcome = client.get(f"/gradio_api/call/check/{event}").text
                if "event: complete" not in outcome:  # heartbeats may come first
                    raise RuntimeError(outcome[:200])
            except Exception as exc:  # counted and shown, the run goes on
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            times.append(time.monotonic() - start)


def run(base: str, users: int, seconds: float) -> dict[str, float | int | str]:
    times: list[float] = []
    errors: list[str] = []
    start = time.monotonic()
    until = start + seconds
    threads = [
        threading.Thread(target=user, args=(base, until, n, times, errors)) for n in range(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    ordered = sorted(times) or [float("nan")]
    return {
        "done": len(times),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "per_s": len(times) / wall,
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
    }


def long_article(folder: Path) -> Path:
    path = folder / "long-upload.md"
    body = "\n\n".join(
        f"Paragraph {i}: the port counted {i * 7} sacks of cloves in week {i}, officials said."
        for i in range(1500)
    )
    path.write_text(f"---\ntitle: Cloves {time.time()}\n---\n\n{body}\n", encoding="utf-8")
    return path


def users_of(base: str, users: int, seconds: float) -> dict[str, float | int | str]:
    """The users, in their own process."""
    out = subprocess.run(
        [sys.executable, __file__, "--url", base, "--users", str(users), "--seconds", str(seconds)],
        capture_output=True,
        text=True,
        timeout=seconds + 300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--limits", default="1,2,4", help="concurrency limits to try")
    parser.add_argument("--index-while", action="store_true", help="index an article meanwhile")
    parser.add_argument("--url", help="only the users, against this app (loopback only)")
    args = parser.parse_args()
    users = max(1, min(args.users, MOST_USERS))
    seconds = max(1.0, min(args.seconds, MOST_SECONDS))
    if args.url:
        if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit(f"--url {args.url}: loopback only (127.0.0.1 or localhost)")
        print(json.dumps(run(args.url.rstrip("/"), users, seconds)))
        return
    limits = [int(x) for x in args.limits.split(",") if x.strip()]

    from app import serve
    from assistant.web import WebApp
    from index.indexer import build_indexer
    from index.settings import Settings
    from tests.conftest import free_port

    root = Path(tempfile.mkdtemp(prefix="fc-load-"))
    try:
        articles = root / "articles"
        articles.mkdir()
        for path in [*(ROOT / "articles").iterdir(), *(ROOT / "bench/qa-fresh/articles").iterdir()]:
            shutil.copy(path, articles / path.name)
        settings = Settings(data_dir=root / "data")
        build_indexer(settings).add([articles])
        web = WebApp(settings, admin_password="")
        web.warm_up()
        print(f"{users} users, {seconds:.0f} s a run, {len(QUESTIONS)} questions, 2 CPU cores")
        print("| limit | users | indexing | done | errors | req/s | p50 s | p95 s |")
        print("|---|---|---|---|---|---|---|---|")
        for limit in limits:
            port = free_port()
            ui = serve(
                web, "", "127.0.0.1", limit, server_port=port, prevent_thread_lock=True, quiet=True
            )
            base = f"http://127.0.0.1:{port}"
            try:
                runs = [(1, False)] if limit == limits[0] else []  # one user: the latency
                runs += [(users, False)]
                runs += [(1, True), (users, True)] if args.index_while else []
                for n, indexing in runs:
                    worker = None
                    if indexing:
                        upload = SimpleNamespace(
                            name=str(long_article(root)), orig_name="long-upload.md"
                        )
                        worker = threading.Thread(target=web.add_files, args=([upload], ""))
                        worker.start()
                    got = users_of(base, n, seconds)
                    if worker:
                        worker.join()
                    print(
                        f"| {limit} | {n} | {'yes' if indexing else 'no'} | {got['done']} "
                        f"| {got['errors']} | {got['per_s']:.2f} | {got['p50']:.2f} "
                        f"| {got['p95']:.2f} |",
                        flush=True,
                    )
                    if got["first_error"]:
                        print(f"  first error: {got['first_error']}")
            finally:
                ui.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
