"""Embedders: the bundled model through both backends, and the loading code for any other
sentence-transformers model on a tiny model the test builds itself."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import numpy as np
import pytest

from index.embedder import SentenceTransformerEmbedder, make_embedder, resolve_model_path
from index.errors import ConfigError
from index.onnx_embedder import BULK_MIN_TEXTS as BULK_MIN
from index.onnx_embedder import OnnxInt8Embedder, export_int8
from index.settings import Settings

pytestmark = pytest.mark.integration

TEXTS = [
    "An American military operation in Venezuela killed 32 Cuban officers.",
    "Cuba announced two days of mourning.",
    "short",
    "Alterations of the architecture of cerebral white matter in the developing human brain "
    "can affect cortical development and result in functional disabilities. " * 6,
    "Vitamin D supplementation reduced the risk of fractures (p < 0.05) in older adults.",
]


@pytest.fixture(scope="module")
def torch_embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="module")
def onnx_embedder(tmp_path_factory: pytest.TempPathFactory) -> OnnxInt8Embedder:
    return OnnxInt8Embedder("all-MiniLM-L6-v2", tmp_path_factory.mktemp("models"))


def test_bundled_model_resolves_to_the_package() -> None:
    assert Path(resolve_model_path("all-MiniLM-L6-v2"), "model.safetensors").is_file()
    assert resolve_model_path("some/other-model") == "some/other-model"


def test_torch_backend_gives_normalised_384d(torch_embedder: SentenceTransformerEmbedder) -> None:
    vectors = torch_embedder.embed_documents(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert torch_embedder.max_tokens == 256
    assert torch_embedder.count_tokens(["Cuba announced"])[0] == 2


def test_onnx_int8_agrees_with_torch(
    onnx_embedder: OnnxInt8Embedder, torch_embedder: SentenceTransformerEmbedder
) -> None:
    a = onnx_embedder.embed_documents(TEXTS)
    b = torch_embedder.embed_documents(TEXTS)
    assert a.shape == b.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-3)
    assert (a * b).sum(axis=1).min() >= 0.98
    # sorted batching must give the rows back in their order
    assert np.allclose(onnx_embedder.embed_documents(TEXTS[::-1]), a[::-1], atol=1e-5)
    assert onnx_embedder.embed_documents([]).shape == (0, 384)
    assert onnx_embedder.dimension == 384 and onnx_embedder.max_tokens == 256


def test_an_export_by_an_earlier_recipe_is_removed(onnx_embedder: OnnxInt8Embedder) -> None:
    """After a new export, this model's older ones go (each ~23 MB); another model's stay."""
    onnx_embedder.embed_query("warm")
    folder = onnx_embedder.cache_dir
    older = folder / "all-minilm-l6-v2-0123456789ab-int8-fused-v2.onnx"
    other = folder / "all-minilm-l12-v2-0123456789ab-int8-fused-v2.onnx"
    lookalike = folder / "all-minilm-l6-v2-notes.onnx"
    for path in (older, other, lookalike):
        path.write_bytes(b"x")
    assert onnx_embedder.remove_older_exports() == [older]
    assert not older.exists() and other.exists() and lookalike.exists()
    assert onnx_embedder.model_file.exists()


def test_onnx_export_is_cached(onnx_embedder: OnnxInt8Embedder) -> None:
    onnx_embedder.embed_query("warm")
    stamp = onnx_embedder.model_file.stat().st_mtime_ns
    again = OnnxInt8Embedder("all-MiniLM-L6-v2", onnx_embedder.cache_dir)
    again.embed_query("again")
    assert again.model_file == onnx_embedder.model_file
    assert again.model_file.stat().st_mtime_ns == stamp


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny BERT sentence-transformers model with the bundled vocabulary, saved to a folder,
    standing in for any model a user configures by name or path."""
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    bundled = Path(resolve_model_path("all-MiniLM-L6-v2"))
    raw = tmp_path_factory.mktemp("tiny-raw")
    tokenizer = BertTokenizerFast.from_pretrained(str(bundled))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=128,
    )
    BertModel(config).save_pretrained(raw)
    tokenizer.save_pretrained(raw)
    transformer = models.Transformer(str(raw), max_seq_length=64)
    model = SentenceTransformer(modules=[transformer, models.Pooling(32, "mean")])
    out = tmp_path_factory.mktemp("tiny")
    model.save(str(out))
    return out


def test_any_model_by_path_loads_in_both_backends(tiny_model: Path, tmp_path: Path) -> None:
    torch_tiny = SentenceTransformerEmbedder(str(tiny_model))
    onnx_tiny = OnnxInt8Embedder(str(tiny_model), tmp_path)
    a, b = torch_tiny.embed_documents(TEXTS), onnx_tiny.embed_documents(TEXTS)
    assert a.shape == b.shape == (len(TEXTS), 32)
    assert torch_tiny.max_tokens == onnx_tiny.max_tokens == 64
    # random tiny weights quantise coarsely; the direction must still agree
    assert (a * b).sum(axis=1).min() > 0.9


def test_first_use_export_prints_nothing(
    tiny_model: Path,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A user's first run exports the model; tracer warnings, the weight-loading bar and
    onnxruntime's quantisation advice must not reach their terminal."""
    from transformers.utils import logging as hf_logging

    filters, bar = list(warnings.filters), hf_logging.is_progress_bar_enabled()
    caplog.set_level(logging.INFO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export_int8(tiny_model, tmp_path / "tiny.onnx")
    assert (tmp_path / "tiny.onnx").stat().st_size > 0
    assert [str(w.message) for w in caught] == []
    printed = capfd.readouterr()
    assert printed.out == "" and printed.err == "", printed
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert hf_logging.is_progress_bar_enabled() == bar  # restored for the rest of the process
    assert warnings.filters == filters


def test_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no-such-model"):
        SentenceTransformerEmbedder(str(tmp_path / "no-such-model")).embed_query("x")
    with pytest.raises(ConfigError, match="FACTCHECK_EMBEDDING_BACKEND=torch"):
        OnnxInt8Embedder("org/no-such-model", tmp_path).embed_query("x")


def test_factory_follows_settings(tmp_path: Path) -> None:
    assert make_embedder(Settings(data_dir=tmp_path)).backend == "onnx-int8"
    assert make_embedder(Settings(data_dir=tmp_path, embedding_backend="torch")).backend == "torch"


def test_indexer_hands_the_splitters_word_pieces_to_the_embedder(
    onnx_embedder: OnnxInt8Embedder, tmp_path: Path
) -> None:
    """With a whitespace-additive tokenizer the indexer joins the ids the splitter counted
    instead of tokenising each passage again: the same ids, so the same vectors."""
    from index.indexer import Indexer
    from index.models import Article

    text = (
        "Café “naïve” résumé: 東京 had 3.5% growth (p<0.05).\n\n"
        + "-".join(["co"] * 90)  # no whitespace, 179 word-pieces: cut by characters
        + " tail.\n\n"
        + " ".join(f"Sentence number {i} mentions Übermensch and co-operation." for i in range(40))
    )
    article = Article("a1", "A “quoted” title — with accents: été", text)
    indexer = Indexer(Settings(data_dir=tmp_path, chunk_tokens=60), onnx_embedder, store=None)  # type: ignore[arg-type]
    assert indexer._reuses_tokens()
    chunks, ids, spans = indexer._split(article)
    assert len(chunks) > 5 and any(
        a[1] == b[0] for c in chunks for a, b in zip(c.sentences, c.sentences[1:], strict=False)
    )
    prefix = indexer._title_prefix(article.title)[0]
    texts = [f"{prefix}\n{c.text}" for c in chunks]
    assert ids == onnx_embedder.token_ids(texts)
    assert np.allclose(
        onnx_embedder.embed_token_ids(ids), onnx_embedder.embed_documents(texts), atol=1e-6
    )
    assert onnx_embedder.embed_token_ids([]).shape == (0, 384)
    # without the reuse, the indexer passes the texts themselves
    indexer._reuses_tokens = lambda: False  # type: ignore[method-assign]
    plain_chunks, plain_texts, plain_spans = indexer._split(article)
    assert plain_chunks == chunks and plain_texts == texts
    assert plain_spans == [None] * len(chunks)  # no word-piece offsets: no sentence vectors
    # the sentences' word-piece offsets: each span's ids are that sentence's own
    head = len(onnx_embedder.token_ids([prefix])[0])
    for chunk, row, where in zip(chunks, ids, spans, strict=True):
        if where is None:  # the passage with a word cut in two is tokenised whole
            assert any(
                a[1] == b[0] for a, b in zip(chunk.sentences, chunk.sentences[1:], strict=False)
            )
            continue
        assert where[0][0] == head and where[-1][1] == len(row)
        pieces = onnx_embedder.token_ids([article.text[a:b] for a, b in chunk.sentences])
        assert [row[a:b] for a, b in where] == pieces


def test_an_export_killed_midway_leaves_nothing_behind_for_long(
    tiny_model: Path, tmp_path: Path
) -> None:
    """SIGKILL during the first-use export: its working folder is removed by the next export
    (or the next load), and the model file appears only whole."""
    import os
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "models" / "tiny.onnx"
    code = (
        "import sys; from pathlib import Path; from index.onnx_embedder import export_int8; "
        "export_int8(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(tiny_model), str(target)])
    deadline = time.monotonic() + 120
    while not list(target.parent.glob(".export-*/model.onnx")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = list(target.parent.glob(".export-*"))
    assert left and not target.exists()
    export_int8(tiny_model, target)
    assert target.stat().st_size > 0
    assert list(target.parent.glob(".export-*")) == []


def test_sentence_vectors_come_from_the_passage_forward_pass(
    onnx_embedder: OnnxInt8Embedder, tmp_path: Path
) -> None:
    """One forward pass gives a passage's vector (the same as without sentences) and a unit
    vector per sentence that ranks it for a claim about it as the sentence's own embedding does;
    a passage cut to the model's length or without offsets gets none."""
    from index.indexer import Indexer
    from index.models import Article

    text = (
        "The city council approved a new budget for the public library on Monday. "
        "Heavy rain flooded three streets near the harbour overnight. "
        "The football team won its first championship in eleven years."
    )
    article = Article("a1", "Local news", text)
    indexer = Indexer(Settings(data_dir=tmp_path), onnx_embedder, store=None)  # type: ignore[arg-type]
    chunks, ids, spans = indexer._split(article)
    assert len(chunks) == 1 and len(spans[0]) == 3
    vectors, pooled = onnx_embedder.embed_token_ids_and_sentences(ids, spans)
    assert np.allclose(vectors, onnx_embedder.embed_token_ids(ids), atol=1e-6)
    sentences = pooled[0]
    assert sentences.shape == (3, 384)
    assert np.allclose(np.linalg.norm(sentences, axis=1), 1.0, atol=1e-5)
    for number, claim in enumerate(
        ["The library budget was approved", "Streets were flooded by rain", "The team won a title"]
    ):
        assert int(np.argmax(sentences @ onnx_embedder.embed_query(claim))) == number
    n = len(ids[0])
    long_ids = [list(ids[0]) * 8]  # over 256 word-pieces: cut, so not every sentence is whole
    long_spans = [[(a + k * n, b + k * n) for k in range(8) for a, b in spans[0]]]
    assert len(long_ids[0]) > onnx_embedder.max_tokens
    _, cut = onnx_embedder.embed_token_ids_and_sentences(long_ids, long_spans)
    _, unknown = onnx_embedder.embed_token_ids_and_sentences(ids, [None])
    assert cut[0] is None and unknown[0] is None


def test_the_bulk_path_gives_the_same_vectors_in_torch_bf16(
    tmp_path: Path, torch_embedder: SentenceTransformerEmbedder
) -> None:
    """Within ``bulk()`` a call of many texts runs the model in torch bf16 (forced here, so
    the test runs on any CPU): passage and sentence vectors as the int8 model's, and closer to
    the fp32 model than int8 is; a short call (a query) stays on the int8 model; the torch
    model is let go afterwards."""
    int8 = OnnxInt8Embedder("all-MiniLM-L6-v2", tmp_path / "models")
    bf16 = OnnxInt8Embedder("all-MiniLM-L6-v2", tmp_path / "models", bulk="bf16")
    texts = [f"{t} (report {i})" for i in range(4) for t in TEXTS]
    assert len(texts) >= BULK_MIN
    ids = int8.token_ids(texts)
    spans = [[(0, 3), (3, len(row))] if len(row) > 3 else None for row in ids]
    before, before_sentences = int8.embed_token_ids_and_sentences(ids, spans)
    with bf16.bulk() as fast:
        assert fast == "torch-bf16" and bf16._bulk is not None
        vectors, sentences = bf16.embed_token_ids_and_sentences(ids, spans)
        short = bf16.embed_token_ids(ids[:3])
        documents = bf16.embed_documents(texts)
    assert bf16._bulk is None
    assert vectors.shape == before.shape and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert (vectors * before).sum(axis=1).min() >= 0.98
    assert np.allclose(documents, vectors, atol=1e-5)  # ids or texts: the same pass
    assert np.allclose(short, int8.embed_token_ids(ids[:3]), atol=1e-6)  # not bulk: int8
    fp32 = torch_embedder.embed_documents(texts)
    assert (vectors * fp32).sum(axis=1).mean() > (before * fp32).sum(axis=1).mean()
    for a, b, span in zip(sentences, before_sentences, spans, strict=True):
        if span is None or len(ids[0]) > 254:
            continue
        assert a is not None and b is not None and (a * b).sum(axis=1).min() >= 0.97
    assert [s is None for s in sentences] == [s is None for s in before_sentences]


def test_the_bulk_path_only_where_asked_for_and_faster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """torch bf16 where the CPU has AMX (or when asked for), else an int8 session that spins
    between runs, with the same vectors as the plain one; 'off' keeps the plain session."""
    from index.cpu import amx_bf16_cpu, bf16_matmul_cpu

    assert amx_bf16_cpu("fpu avx512f amx_bf16 amx_tile amx_int8")
    assert not amx_bf16_cpu("fpu avx512f avx512_bf16 avx512_vnni")  # int8 VNNI is as fast there
    assert bf16_matmul_cpu("avx512f avx512_bf16") and not bf16_matmul_cpu("avx2")
    off = OnnxInt8Embedder("all-MiniLM-L6-v2", tmp_path, bulk="off")
    assert off.bulk_path == ""
    with off.bulk() as fast:
        assert fast == "" and off._bulk is None
    auto = OnnxInt8Embedder("all-MiniLM-L6-v2", tmp_path)
    assert auto.bulk_mode == "auto"
    assert auto.bulk_path == ("torch-bf16" if amx_bf16_cpu() else "int8-spinning")
    monkeypatch.setattr("index.onnx_embedder.amx_bf16_cpu", lambda: False)  # a CPU without AMX
    spinning = OnnxInt8Embedder("all-MiniLM-L6-v2", tmp_path)
    texts = [f"{t} (report {i})" for i in range(4) for t in TEXTS]
    plain = off.embed_documents(texts)
    with spinning.bulk() as fast:
        assert fast == "int8-spinning" and spinning._bulk is not None
        assert spinning._bulk.session is not spinning._load()  # a session of its own
        assert np.allclose(spinning.embed_documents(texts), plain, atol=1e-6)
        with spinning.bulk() as inner:  # nested: the same path, not a second one
            assert inner == "int8-spinning"
    assert spinning._bulk is None
    with pytest.raises(ConfigError, match="embedding bulk mode 'fp16' is unknown"):
        OnnxInt8Embedder("all-MiniLM-L6-v2", tmp_path, bulk="fp16")
    assert make_embedder(Settings(data_dir=tmp_path, embedding_bulk="off")).bulk_mode == "off"


def test_a_large_run_indexes_through_the_bulk_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An indexing run over ``BULK_CHARS`` embeds in bf16 (forced; the threshold lowered): its
    passages are found by int8 queries; a later small run (one changed article) goes through
    the int8 model into the same store."""
    import index.bulk_embedder as bulk_module
    import index.indexer as indexer_module
    from index.indexer import build_indexer

    monkeypatch.setattr(indexer_module, "BULK_CHARS", 2_000)
    calls: list[int] = []
    forward = bulk_module.Bf16Forward.__call__

    def counted(self, ids, mask, types, tokens):  # type: ignore[no-untyped-def]
        calls.append(len(ids))
        return forward(self, ids, mask, types, tokens)

    monkeypatch.setattr(bulk_module.Bf16Forward, "__call__", counted)
    folder = tmp_path / "articles"
    folder.mkdir()
    topics = ["library budget", "harbour flood", "football title", "school meals", "bus fares"]
    for i, topic in enumerate(topics):
        body = "\n\n".join(
            f"Paragraph {k} of the {topic} story says the council met on day {k} and agreed."
            for k in range(40)
        )
        (folder / f"a{i}.txt").write_text(f"The {topic} story\n\n{body}\n", encoding="utf-8")
    indexer = build_indexer(Settings(data_dir=tmp_path / "data", embedding_bulk="bf16"))
    report = indexer.sync(folder)
    assert len(report.added) == 5 and not report.failed
    assert report.passages >= BULK_MIN and sum(calls) == report.passages
    hits = indexer.store.query(indexer.embedder.embed_query("the harbour flood story"), 3)
    assert "harbour flood" in hits[0].text
    (folder / "a0.txt").write_text("The library budget story\n\nIt was cut by half.\n")
    calls.clear()
    again = indexer.sync(folder)
    assert len(again.updated) == 1 and calls == []  # under the threshold: the int8 model
    hits = indexer.store.query(indexer.embedder.embed_query("library budget cut by half"), 3)
    assert "cut by half" in hits[0].text
