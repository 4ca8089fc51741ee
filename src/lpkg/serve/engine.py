"""Where the server's queries run: a pool of worker processes, each stopped at a deadline.

Neither rdflib nor pyoxigraph can interrupt a running query, so the work of a request on a local
store runs in one of ``workers`` processes forked once the dataset is loaded (they share its
pages with the server; a store on disk is opened read-only in each, as RocksDB may not be used
across a fork, and in the server too, which from then on only reads). A call waits for a free
worker and then for its answer, both together within the deadline; at the deadline the worker
is killed and a fresh one forked in its place, and the call fails with
:class:`~lpkg.errors.LimitError` (503). A worker that dies (out of memory, over its CPU budget,
a crash) is replaced the same way. The waiting is asynchronous: while every worker is busy the
server still answers whatever needs none.

An endpoint store has its own timeout: its calls run in a thread.
"""

from __future__ import annotations

import asyncio
import copy
import os
import pickle
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool

from ..errors import LimitError
from ..limits import confine, cpu_budget, died, evaluate, late, memory_limit, send, unwrap
from ..store import OxigraphStore, Store

T = TypeVar("T")

BACKLOG_PER_WORKER = 16
"""Calls that may wait for a worker, per worker; more are refused at once (503) rather than
queued behind minutes of work."""


_LIVE: set[_Worker] = set()
"""The workers of every engine of this process: a new worker closes their pipes, or a worker
would not see the server go (its pipe would stay open in a sibling)."""


@dataclass(eq=False)
class _Worker:
    pid: int
    connection: Connection
    """The server's end of the pipe to the worker: work goes out, outcomes come back."""
    stopped: bool = False
    """Killed and collected: its pid may already belong to another process."""
    status: int | None = None


class Engine:
    """Runs ``function(store, *args)`` for a request in a worker process, within ``timeout``
    seconds."""

    def __init__(
        self,
        store: Store,
        timeout: float,
        workers: int = 2,
        *,
        backlog: int | None = None,
        memory: int | None = None,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.backlog = BACKLOG_PER_WORKER * workers if backlog is None else backlog
        self.memory = memory_limit() if memory is None else memory
        """Bytes of address space a worker may map beyond the server's (lpkg.limits)."""
        self.workers = workers
        self._lock = threading.Lock()  # calls come from several event loops (tests) and threads
        self._workers: set[_Worker] = set()
        self._idle: list[_Worker] = []
        self._waiting: deque[asyncio.Future[_Worker]] = deque()
        if isinstance(store, OxigraphStore) and store.path is not None:
            _reopen_read_only(store)
        if store.local:
            self._fill()

    async def call(self, what: str, function: Callable[..., T], *args: Any) -> T:
        """``function(self.store, *args)``; ``what`` names the work in a timeout's message.

        ``function`` must be a module-level function; its arguments, result and errors must
        pickle.

        Raises:
            LimitError: no worker was free in time, the work did not finish in time, or its
                worker died (answered with 503).
            Whatever ``function`` raises.
        """
        if not self.store.local:
            return await run_in_threadpool(function, self.store, *args)
        deadline = time.monotonic() + self.timeout
        worker = await self._acquire(what, deadline)
        outcome: tuple[bool, Any] | None = None
        try:
            outcome = await self._run(worker, what, function, args, deadline)
        finally:
            # a worker that was stopped, died, or ran out of memory (its heap may stay full)
            # is replaced; so is one whose call was cancelled while it worked
            if outcome is None or not outcome[0] and isinstance(outcome[1], MemoryError):
                worker = self._replace(worker)
            self._release(worker)
        return unwrap(what, outcome, self.memory)  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the workers (the server's shutdown); a later call starts new ones."""
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
            self._idle.clear()
        for worker in workers:
            _stop(worker)

    async def _acquire(self, what: str, deadline: float) -> _Worker:
        with self._lock:
            if not self._workers:  # closed, and called again (an application started anew)
                self._fill()
            if self._idle:
                return self._idle.pop()
            if len(self._waiting) >= self.backlog:
                raise LimitError(
                    f"The server is busy ({len(self._waiting)} requests are waiting); "
                    f"{what} was not started. Try again later."
                )
            waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
        handed = False
        try:
            worker = await asyncio.wait_for(waiter, max(0.0, deadline - time.monotonic()))
            handed = True
            return worker
        except TimeoutError:
            raise LimitError(
                f"{what} waited {self.timeout:g} seconds for a free worker and was not "
                "started: the server is busy. Try again later."
            ) from None
        finally:
            if not handed and waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed over just as the wait ended
            elif not handed:
                with self._lock:
                    if waiter in self._waiting:
                        self._waiting.remove(waiter)

    def _release(self, worker: _Worker) -> None:
        """Give ``worker`` to the longest-waiting call, else back to the pool."""
        with self._lock:
            if worker not in self._workers:  # stopped by close()
                return
            while self._waiting:
                waiter = self._waiting.popleft()
                if waiter.done():
                    continue
                try:
                    waiter.get_loop().call_soon_threadsafe(self._hand, waiter, worker)
                except RuntimeError:  # its event loop has ended
                    continue
                return
            self._idle.append(worker)

    def _hand(self, waiter: asyncio.Future[_Worker], worker: _Worker) -> None:
        if waiter.done():  # it stopped waiting meanwhile
            self._release(worker)
        else:
            waiter.set_result(worker)

    async def _run(
        self,
        worker: _Worker,
        what: str,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        deadline: float,
    ) -> tuple[bool, Any]:
        remaining = max(0.0, deadline - time.monotonic())
        try:
            worker.connection.send((function, args, remaining))
        except OSError:  # it died while it waited for work
            raise died(what, _stop(worker)) from None
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = worker.connection.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, remaining)
        except TimeoutError:
            raise late(what, self.timeout) from None
        finally:
            loop.remove_reader(fd)
        try:
            return worker.connection.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            raise died(what, _stop(worker)) from None

    def _fill(self) -> None:
        for _ in range(self.workers):
            self._idle.append(self._start())

    def _start(self) -> _Worker:
        """Fork a worker; it inherits the loaded store."""
        ours, theirs = Pipe()
        others = [worker.connection for worker in list(_LIVE)]
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            status = 1
            try:
                ours.close()
                for connection in others:
                    connection.close()
                _serve(theirs, self.store, self.memory)
                status = 0
            except BaseException:  # a worker that cannot work: the server's log says why
                traceback.print_exc()
            finally:
                os._exit(status)
        theirs.close()
        worker = _Worker(pid, ours)
        self._workers.add(worker)
        _LIVE.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        _stop(worker)
        with self._lock:
            if worker not in self._workers:  # stopped by close()
                return worker
            self._workers.discard(worker)
            return self._start()


def _stop(worker: _Worker) -> int | None:
    """Kill the worker's process and collect it, once; its exit status (negative: the signal
    that ended it)."""
    if worker.stopped:
        return worker.status
    worker.stopped = True
    _LIVE.discard(worker)
    worker.connection.close()
    try:
        os.kill(worker.pid, signal.SIGKILL)  # a worker that exited is a zombie: no error
        _, status = os.waitpid(worker.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        return None
    worker.status = os.waitstatus_to_exitcode(status)
    return worker.status


def _serve(connection: Connection, store: Store, memory: int) -> None:
    """A worker's life: run what comes through ``connection`` until the server closes it."""
    # Ctrl-C reaches the whole process group: the server stops its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)  # the server's event loop must not hear the worker's signals
    store = _opened_here(store)
    confine(memory)
    while True:
        try:
            message = connection.recv_bytes()
        except (EOFError, OSError):
            return
        try:  # a function this process cannot import is the caller's bug, not the worker's
            function, args, seconds = pickle.loads(message)
        except Exception as err:
            send(connection, (False, err))
            continue
        cpu_budget(seconds)
        outcome = evaluate(function, (store, *args))
        send(connection, outcome)
        if not outcome[0] and isinstance(outcome[1], MemoryError):
            return


def _reopen_read_only(store: OxigraphStore) -> None:
    """Close the server's read-write handle on a store on disk and open it read-only: the
    workers read the same files, which RocksDB would otherwise go on rewriting (compactions
    after the load) under them."""
    del store.store  # the last reference: RocksDB closes, finishing its background work
    store.store = ox.Store.read_only(str(store.path))


def _opened_here(store: Store) -> Store:
    """``store`` as this process may use it: a pyoxigraph store on disk opened read-only
    (the inherited RocksDB handle does not survive a fork: it is left alone, not closed),
    anything else as inherited."""
    if isinstance(store, OxigraphStore) and store.path is not None:
        store = copy.copy(store)
        store.store = ox.Store.read_only(str(store.path))
    return store
