"""Run by test_crash_safety in a subprocess: index a folder, announcing progress on stdout,
so the test can SIGKILL it at chosen moments."""

from __future__ import annotations

import sys
from pathlib import Path

from index.chroma_store import ChromaStore
from index.indexer import Indexer
from index.settings import Settings
from tests.conftest import FakeEmbedder


def main() -> None:
    folder, data_dir = Path(sys.argv[1]), Path(sys.argv[2])
    settings = Settings(data_dir=data_dir, embedding_backend="torch")
    indexer = Indexer(settings, FakeEmbedder(), ChromaStore.from_settings(settings))

    def progress(done: int, total: int, what: str) -> None:
        if what == "embedding and writing":
            print(f"wrote {done}/{total}", flush=True)

    import index.indexer as module

    module.GROUP_PASSAGES = 8  # many small commits: many moments to be killed in
    report = indexer.add([folder], progress)
    print(f"done {len(report.added)} {len(report.updated)} {len(report.skipped)}", flush=True)


if __name__ == "__main__":
    main()
