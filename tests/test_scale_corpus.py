"""bench/scale_corpus.py and the scale bench's stages, on a small made-up eval folder."""

from __future__ import annotations

import gzip
import importlib.util
import json
from datetime import date
from pathlib import Path

from tests.conftest import ROOT


def _module(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scale_corpus_is_real_text_in_shards_and_stages_grow_it(tmp_path: Path) -> None:
    corpus_module, bench = _module("scale_corpus"), _module("scale_bench")
    corpus_module.PER_SHARD = bench.PER_SHARD = 4
    evals = tmp_path / "eval"
    (evals / "scifact").mkdir(parents=True)
    (evals / "scifact" / "corpus.jsonl").write_text(
        "\n".join(
            json.dumps({"_id": str(i), "title": f"Paper {i}", "text": f"Abstract number {i} " * 5})
            for i in range(5)
        )
    )
    (evals / "nli-extra" / "fever").mkdir(parents=True)
    premises = [f"Premise sentence {i} about a river and a bridge." for i in range(6)]
    with gzip.open(evals / "nli-extra" / "fever" / "pairs.jsonl.gz", "wt") as handle:
        for p in premises + premises[:2] + ["too short"]:  # repeats and a short one left out
            handle.write(json.dumps({"premise": p, "hypothesis": "x", "label": "SUPPORTS"}) + "\n")
    out = tmp_path / "scale"
    total = corpus_module.write(out, evals, 100)
    assert total == 5 + 6 + 1  # the abstracts, the distinct premises, the sample
    records = [json.loads(line) for f in sorted(out.glob("shard-*.jsonl")) for line in f.open()]
    assert len(records) == total and len({r["_id"] for r in records}) == total
    assert [len(list(f.open())) for f in sorted(out.glob("shard-*.jsonl"))] == [4, 4, 4]
    assert {r["source"] for r in records} == {"SciFact", "fever", "AP"}
    assert all(date.fromisoformat(r["published"]).year in range(2015, 2027) for r in records)
    assert records[5]["title"] == "Premise sentence 0 about a river and a"
    stage = bench.stage_folder(out, tmp_path / "work", 6)
    names = sorted(p.name for p in stage.iterdir())
    assert names == ["part-6.jsonl", "shard-000.jsonl"]
    assert len((stage / "part-6.jsonl").read_text().splitlines()) == 2
