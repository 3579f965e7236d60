"""The one settings object: ``FACTCHECK_*`` environment variables and an optional ``.env`` file.

Loaded only by entry points (CLI, app, benchmarks) and passed down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.json", "*.jsonl", "*.pdf")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="FACTCHECK_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(Path("data"), description="Where the store, caches and models live.")

    # Embedding
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="'all-MiniLM-L6-v2' is the bundled model; any sentence-transformers name or path.",
    )
    embedding_backend: Literal["torch", "onnx-int8"] = Field(
        "onnx-int8",
        description="'onnx-int8': the model exported to ONNX and quantised (faster on CPU); "
        "'torch': sentence-transformers as is.",
    )
    embedding_bulk: Literal["auto", "bf16", "off"] = Field(
        "auto",
        description="Large indexing runs with the onnx-int8 backend: 'auto' embeds them in "
        "torch bf16 on a CPU with AMX (2.2x faster there), elsewhere with int8 threads that "
        "spin between runs (~10% faster); 'bf16' torch bf16 always; 'off' neither.",
    )
    embedding_batch_size: int = Field(8, ge=1, le=1024)  # 8 indexed faster than 32 here

    # Chroma
    chroma_host: str | None = Field(None, description="Chroma server host; unset = embedded store.")
    chroma_port: int = Field(8000, ge=1, le=65535)
    chroma_ssl: bool = False
    chroma_headers: dict[str, str] = Field(default_factory=dict)
    collection: str = Field(
        "articles", min_length=3, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]$"
    )
    hnsw_ef_construction: int = Field(100, ge=8)
    hnsw_ef_search: int = Field(128, ge=8)
    hnsw_max_neighbors: int = Field(32, ge=4)

    # Splitting
    chunk_tokens: int = Field(
        200,
        ge=32,
        le=512,
        description="Word-pieces a passage may hold (capped by the model's limit).",
    )

    # Verifying and answering (the read path)
    verifier: Literal["default", "fast", "hf", "llm"] = Field(
        "default",
        description="'default': the bundled int8 cross-encoder (all-mpnet-base-v2); 'fast': the "
        "bundled MiniLM-L6 one (about a third of the check's time, more false verdicts); 'hf': a "
        "Hugging Face NLI model (FACTCHECK_VERIFIER_MODEL); 'llm': an LLM judge "
        "(FACTCHECK_LLM_*).",
    )
    verifier_model: str = Field("", description="Hugging Face NLI model name or folder.")
    llm_provider: Literal["none", "ollama", "openai"] = Field(
        "none",
        description="A chat model for written answers: ollama or any OpenAI-compatible server.",
    )
    llm_model: str = ""
    llm_base_url: str = ""
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(60.0, gt=0)
    llm_answers: bool = Field(True, description="Let the LLM (when configured) write the answer.")

    # Loading
    include: list[str] = Field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = Field(default_factory=list)
    max_file_mb: float = Field(20.0, gt=0)
    json_text_field: str = "text"
    json_title_field: str = "title"
    json_id_field: str = "_id"
    json_url_field: str = "url"
    json_source_field: str = "source"
    json_published_field: str = "published"
    json_author_field: str = "author"

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def uses_server(self) -> bool:
        return bool(self.chroma_host)
