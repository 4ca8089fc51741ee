"""A real server for tests that need a socket (HTTP client libraries, concurrency, a browser):
uvicorn serving an application on a free port of 127.0.0.1, in a thread of the test process.

    with running(app, allow_loopback) as base:   # base: "http://127.0.0.1:PORT"
        httpx2.get(base + "/sparql", ...)

``allow_loopback`` is the fixture of tests/conftest.py that lets the test connect to the port.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


@contextmanager
def running(app: ASGIApp, allow_loopback: Callable[[int], tuple[str, int]]) -> Iterator[str]:
    """Serve ``app`` until the block ends (its lifespan runs: the engine's workers stop)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # the kernel picks a free port; uvicorn listens on it
    host, port = allow_loopback(listener.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the test server did not start (see the log above)")
            time.sleep(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join()
        listener.close()
