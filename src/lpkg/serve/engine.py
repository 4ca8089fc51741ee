"""Where the server's queries run, each within a time limit that really stops it.

Neither rdflib nor pyoxigraph can interrupt a running query, so a query on a local store runs
in a child process that is killed at the deadline (:func:`lpkg.limits.run_limited`); the
request waits for it in a thread, so other requests are answered meanwhile. An endpoint store
has its own timeout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from ..limits import run_limited
from ..store import Store

T = TypeVar("T")


class Engine:
    """Runs ``function(store, *args)`` for a request, within ``timeout`` seconds."""

    def __init__(self, store: Store, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    async def call(self, what: str, function: Callable[..., T], *args: Any) -> T:
        """``function(self.store, *args)``; ``what`` names the work in a timeout's message.

        ``function`` must be a module-level function whose result pickles.

        Raises:
            LimitError: the work did not finish in time (answered with 503).
            Whatever ``function`` raises.
        """
        if not self.store.local:
            return await run_in_threadpool(function, self.store, *args)
        return await run_in_threadpool(
            run_limited, what, function, self.store, *args, timeout=self.timeout
        )

    def close(self) -> None:
        """Stop what the engine started (nothing yet: each query's child ends with it)."""
