"""Run by the crash-safety tests and bench/durability_bench.py in a subprocess: index a folder
(`add`, `sync` or `rebuild`), announcing each commit on stdout, so the caller can SIGKILL it at
chosen moments.

    python -m tests.kill_worker OP FOLDER DATA_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from index.chroma_store import ChromaStore
from index.indexer import Indexer
from index.settings import Settings
from tests.conftest import FakeEmbedder


def main() -> None:
    if len(sys.argv) == 3:  # the older form: FOLDER DATA_DIR, an add
        sys.argv.insert(1, "add")
    op, folder, data_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    settings = Settings(data_dir=data_dir, embedding_backend="torch")
    indexer = Indexer(settings, FakeEmbedder(), ChromaStore.from_settings(settings))

    def progress(done: int, total: int, what: str) -> None:
        if what == "embedding and writing":
            print(f"wrote {done}/{total}", flush=True)

    import index.indexer as module

    module.GROUP_PASSAGES = 8  # many small commits: many moments to be killed in
    print("started", flush=True)
    if op == "add":
        report = indexer.add([folder], progress)
    elif op == "sync":
        report = indexer.sync(folder, progress)
    elif op == "rebuild":
        report = indexer.rebuild(progress)
    else:
        raise SystemExit(f"unknown op {op!r}")
    print(
        f"done {len(report.added)} {len(report.updated)} {len(report.skipped)} "
        f"{len(report.removed)} {len(report.failed)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
