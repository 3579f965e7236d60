"""Shared fixtures: a deterministic fake embedder for fast logic tests, every data directory
under tmp_path, the real bundled model, and a real `chroma run` server on a loopback port."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

import index  # noqa: F401  (offline environment defaults)
from index.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "articles" / "ap-cuban-officers-venezuela.txt"
VENV_BIN = Path(sys.executable).parent

_WORD = re.compile(r"\w+|[^\w\s]")


class FakeEmbedder:
    """Deterministic bag-of-words vectors; one token per word or punctuation mark."""

    backend = "fake"

    def __init__(self, name: str = "fake-embedder", dimension: int = 32, max_tokens: int = 64):
        self.name = name
        self._dimension = dimension
        self._max_tokens = max_tokens
        self.embedded = 0  # how many texts were embedded, to prove what was (not) re-embedded

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(_WORD.findall(t)) for t in texts]

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += len(texts)
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self._dimension] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else 1.0 / np.sqrt(self._dimension)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data directory and no stray FACTCHECK_* settings or .env file."""
    for name in list(os.environ):
        if name.startswith("FACTCHECK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTCHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", embedding_backend="torch")


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real Chroma server (`chroma run`) on a free loopback port, for the whole session."""
    chroma = shutil.which("chroma", path=str(VENV_BIN)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command is missing: run `make install`")
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(path / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited: {(path / 'server.log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    try:
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class FakeVerifier:
    """Rule-based stand-in for the cross-encoder: words shared, numbers and negation decide."""

    name = "fake"

    def score(self, claim: str, sentences: Sequence[str]) -> np.ndarray:
        from assistant.verify.checks import compare

        rows = []
        for sentence in sentences:
            c = compare(claim, sentence)
            if c.coverage >= 0.6 and (c.number_conflict or c.negation_mismatch):
                rows.append([0.05, 0.9, 0.05])
            elif c.coverage >= 0.6:
                rows.append([0.9, 0.05, 0.05])
            else:
                rows.append([0.05, 0.05, 0.9])
        return np.array(rows, dtype=np.float32).reshape(len(sentences), 3)

    def annotate(self, claim: str, evidence, probs) -> None:  # type: ignore[no-untyped-def]
        from assistant.verify.verifier import CrossEncoderVerifier

        CrossEncoderVerifier.annotate(self, claim, evidence, probs)  # type: ignore[arg-type]

    def joined_probabilities(self, claim: str, evidence):  # type: ignore[no-untyped-def]
        return None

    def verify(self, claim: str, evidence):  # type: ignore[no-untyped-def]
        from assistant.results import NEI, Verdict

        if not evidence:
            return Verdict(NEI, 0.9, "nothing")
        for label in ("REFUTED", "SUPPORTED"):  # a contradiction among the top three wins
            for e in evidence[:3]:
                if e.stance == label:
                    return Verdict(label, e.probabilities[label], "; ".join(e.reasons))
        return Verdict(NEI, 0.9, "the closest sentences do not settle it")
