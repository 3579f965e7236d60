"""The read path: answer from the store (retrieve -> select evidence -> verify -> compose)."""

import index  # noqa: F401  (sets the offline environment defaults first)
