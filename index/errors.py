"""One base exception for the project and a few specific ones.

Every message names the bad value and says what to do about it.
"""

from __future__ import annotations


class FactCheckError(Exception):
    """Base class: anything the CLI or UI shows the person as a clean message."""


class ConfigError(FactCheckError):
    """A setting has a value that cannot work."""


class LoadError(FactCheckError):
    """One input file could not be read; the run goes on with the others."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmbeddingModelMismatch(FactCheckError):
    """The store was built with another embedding model than the one configured."""


class StoreUnavailable(FactCheckError):
    """The Chroma store cannot be opened or reached."""


class ArticleNotFound(FactCheckError):
    """No indexed article has the given id."""
