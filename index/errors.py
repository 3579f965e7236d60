"""One base exception for the project and a few specific ones.

Every message names the bad value and says what to do about it.
"""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` safe to print, store and send as UTF-8: bytes of a file name that are not UTF-8
    (Python keeps them as lone surrogates) become ``\\xNN``, other lone surrogates ``\\udNNN``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class FactCheckError(Exception):
    """Base class: anything the CLI or UI shows the person as a clean message."""


class ConfigError(FactCheckError):
    """A setting has a value that cannot work."""


class LoadError(FactCheckError):
    """One input file could not be read; the run goes on with the others."""

    def __init__(self, path: str, reason: str) -> None:
        path, reason = printable(str(path)), printable(str(reason))
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LoadWarning(LoadError):
    """Part of a file was left out (a field of the wrong type, an unreadable date); its article
    is indexed without it."""


class EmbeddingModelMismatch(FactCheckError):
    """The store was built with another embedding model than the one configured."""


class StoreUnavailable(FactCheckError):
    """The Chroma store cannot be opened or reached."""


class ArticleNotFound(FactCheckError):
    """No indexed article has the given id."""


class IndexingStopped(FactCheckError):
    """Raised by a progress callback to stop an indexing run between two commits; the run
    returns what it wrote so far (``IndexReport.stopped``)."""
