"""``lpkg serve``: the dataset over HTTP from one process, read-only.

:func:`create_app` builds the ASGI application (Starlette, served by uvicorn): every request is
answered by a route module of this package, every error by a problem document
(:mod:`lpkg.serve.problems`), and every query runs in :class:`lpkg.serve.engine.Engine`, which
bounds its time.
"""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
