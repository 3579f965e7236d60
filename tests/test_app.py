"""The web app's handlers as plain functions, and the assistant facade they call."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import build_ui, library_rows, search_html
from assistant.service import Assistant
from index.chroma_store import ChromaStore
from index.errors import FactCheckError
from index.indexer import Indexer
from index.settings import Settings
from tests.conftest import SAMPLE, FakeEmbedder


@pytest.fixture
def assistant(settings: Settings, tmp_path: Path) -> Assistant:
    embedder = FakeEmbedder()
    store = ChromaStore.from_settings(settings)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sample.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "evil.md").write_text(
        "---\ntitle: <script>alert(1)</script>\nsource: Evil\n---\n\n"
        "Cuban officers <img src=x onerror=alert(2)> were killed, a javascript:alert(3) link.\n",
        encoding="utf-8",
    )
    Indexer(settings, embedder, store).add([docs])
    return Assistant(settings, embedder, store)


def test_search_finds_the_sample_and_escapes_article_html(assistant: Assistant) -> None:
    page = search_html(assistant, "How many Cuban officers were killed?", 20)
    assert "Associated Press" in page and "32 Cuban officers" in page
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page


def test_library_rows(assistant: Assistant) -> None:
    rows = library_rows(assistant)
    assert {r[0] for r in rows} == {
        "Cuba says 32 of its officers were killed in the US operation in Venezuela",
        "<script>alert(1)</script>",
    }


def test_bad_questions_become_gradio_errors(assistant: Assistant) -> None:
    import gradio as gr

    with pytest.raises(gr.Error, match="empty"):
        search_html(assistant, "   ", 5)
    with pytest.raises(gr.Error, match="10000 characters"):
        search_html(assistant, "x" * 10_000, 5)


def test_empty_index_is_a_clear_message(settings: Settings) -> None:
    empty = Assistant(settings, FakeEmbedder(), ChromaStore.from_settings(settings))
    with pytest.raises(FactCheckError, match="index add"):
        empty.search("anything")
    assert library_rows(empty) == []


def test_ui_builds_without_launching(assistant: Assistant) -> None:
    ui = build_ui(assistant)
    assert ui.title == "Fact-check assistant"
