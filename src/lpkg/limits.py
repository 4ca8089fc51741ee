"""Run work on untrusted input in a child process that is stopped at a deadline, or lpkg's own
work beside this process's on another core.

A query or a validation can run for minutes on hostile input, inside rdflib or pySHACL code that
no flag interrupts. :func:`run_limited` runs a function in a forked child (which shares the
parent's loaded graphs for free) under an address-space and CPU-time limit, waits for its result
until a wall-clock deadline and kills it then. Errors the child raises reach the caller as they
are (lpkg's typed errors pickle whole); a child that dies or runs out of memory becomes a
:class:`~lpkg.errors.LimitError`.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .errors import InputError, LimitError

T = TypeVar("T")

DEFAULT_MEMORY_BYTES = 2_000_000_000
"""The address space a child may use: lpkg with the dataset and the shapes loaded uses about
100 MB, a town's contribution adds little."""
MEMORY_ENV = "LPKG_MAX_MEMORY"
"""Environment variable overriding :data:`DEFAULT_MEMORY_BYTES`."""


def bytes_from_env(variable: str, default: int) -> int:
    """A limit in bytes from the environment variable ``variable``, else ``default``.

    Raises:
        InputError: the variable is set to something other than a number of bytes.
    """
    value = os.environ.get(variable, "")
    if not value:
        return default
    if not value.isdigit():
        raise InputError(f"{variable}={value!r}: give the limit as a number of bytes.")
    return int(value)


def memory_limit() -> int:
    """The bytes of address space the child may map beyond what it inherits from its parent:
    ``$LPKG_MAX_MEMORY`` if set, else the default."""
    return bytes_from_env(MEMORY_ENV, DEFAULT_MEMORY_BYTES)


def run_limited(
    what: str,
    function: Callable[..., T],
    *args: Any,
    timeout: float,
    memory: int | None = None,
    start: str = "fork",
    remedy: str = "Simplify it, or give more time with --timeout.",
) -> T:
    """``function(*args)`` run in a forked child for at most ``timeout`` seconds.

    ``start="spawn"`` starts the child afresh instead (``function`` must then pickle): a
    process whose threads may hold locks (RocksDB's, under a pyoxigraph store on disk) must not
    be forked, since the child would wait for a lock no thread of its own ever releases.

    ``what`` names the work in messages ("the query queries/x.rq"), ``remedy`` says what to do
    when it runs out of time. The child gets an
    address-space limit of ``memory`` bytes (default :func:`memory_limit`) and a CPU limit of
    ``timeout`` seconds (rounded up); the result and any exception must pickle.

    Raises:
        LimitError: the deadline passed (the child is killed), the child ran out of memory or
            died without an answer.
        Whatever ``function`` raises.
    """
    limits = {"timeout": timeout, "memory": memory, "start": start, "remedy": remedy}
    with limited(what, function, *args, **limits) as result:
        return result()


@contextmanager
def limited(
    what: str,
    function: Callable[..., T],
    *args: Any,
    timeout: float,
    memory: int | None = None,
    start: str = "fork",
    remedy: str = "Simplify it, or give more time with --timeout.",
) -> Iterator[Callable[[], T]]:
    """:func:`run_limited` started: the child works while this process goes on; yields the
    function that waits for its result (until ``timeout`` seconds after the start). The child
    is stopped when the block ends.

    Raises (from the function yielded): what :func:`run_limited` raises.
    """
    memory = memory_limit() if memory is None else memory
    deadline = time.monotonic() + timeout
    with _started(start, _child, (function, args, timeout, memory)) as (child, receiver):

        def result() -> T:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise late(what, timeout, remedy)
            return unwrap(what, _received(what, child, receiver), memory)

        yield result


@contextmanager
def run_beside(what: str, function: Callable[..., T], *args: Any) -> Iterator[Callable[[], T]]:
    """``function(*args)`` started in a forked child, which works on another core while this
    process goes on (a thread would wait for Python's lock while this process runs Python);
    yields the function that waits for its result. The child has no limits (the work is
    lpkg's own) and is stopped when the block ends. A process with other threads (whose locks
    a forked child could wait for forever) or without fork runs the work itself, when its
    result is asked for. Not for a process with a store on disk open (RocksDB's threads are
    not Python's; see :func:`run_limited`).

    Raises (from the function yielded):
        LimitError: the child died without an answer.
        Whatever ``function`` raises.
    """
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield lambda: function(*args)
        return
    with _started("fork", _plain_child, (function, args)) as (child, receiver):
        yield lambda: unwrap(what, _received(what, child, receiver), memory_limit())


@contextmanager
def _started(start: str, target: Callable[..., None], args: tuple[Any, ...]) -> Iterator[Any]:
    """A child process started with ``start`` running ``target(sender, *args)``, and the end of
    the pipe it answers through; killed if still running when the block ends."""
    context = multiprocessing.get_context(start)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=target, args=(sender, *args), daemon=True)
    child.start()
    sender.close()
    try:
        yield child, receiver
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def _received(what: str, child: Any, receiver: Any) -> tuple[bool, Any]:
    """What the child sent, once it has sent it.

    Raises:
        LimitError: the child ended without an answer.
    """
    try:
        return receiver.recv()
    except EOFError:
        child.join(5)
        raise died(what, child.exitcode) from None


def late(
    what: str, timeout: float, remedy: str = "Simplify it, or give more time with --timeout."
) -> LimitError:
    """The error for work stopped at its deadline."""
    return LimitError(f"{what} did not finish within {timeout:g} seconds and was stopped. {remedy}")


def died(what: str, exitcode: int | None) -> LimitError:
    """The error for work whose process ended without an answer."""
    return LimitError(
        f"{what} stopped without an answer (exit status {exitcode}); it probably "
        "exceeded the CPU or memory limit. Simplify it, or raise the memory limit with "
        f"{MEMORY_ENV} (bytes; a store on disk, --store oxigraph:PATH, needs far less)."
    )


def unwrap(what: str, outcome: tuple[bool, Any], memory: int) -> Any:
    """The result :func:`evaluate` sent, or the error it caught raised here.

    Raises:
        LimitError: the work ran out of its ``memory`` bytes.
        Whatever else the work raised.
    """
    ok, value = outcome
    if ok:
        return value
    if isinstance(value, MemoryError):
        raise LimitError(
            f"{what} needed more than {memory:,} bytes of memory and was stopped "
            f"(set {MEMORY_ENV} to change the limit)."
        )
    raise value


def _child(
    sender: Any, function: Callable[..., Any], args: tuple[Any, ...], timeout: float, memory: int
) -> None:
    _lower(resource.RLIMIT_CPU, int(timeout) + 1)
    confine(memory)
    _plain_child(sender, function, args)


def _plain_child(sender: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    send(sender, evaluate(function, args))
    sender.close()


def confine(memory: int) -> None:
    """Limit this process's address space to ``memory`` bytes on top of what it maps now."""
    # the budget is on top of the address space the child inherits: a parent that already holds
    # a large graph (a long test run, a server) must not leave the child nothing to work with
    _lower(resource.RLIMIT_AS, _address_space() + memory)


def cpu_budget(seconds: float) -> None:
    """Let this process use ``seconds`` more CPU time from now (a process that answers many
    requests gets a budget per request); past it the kernel stops the process (SIGXCPU)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(
        resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard)
    )


def evaluate(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    """``(True, function(*args))``, or ``(False, the exception it raised)``."""
    try:
        return (True, function(*args))
    except BaseException as err:  # sent to the parent, which raises it there
        return (False, err)


def send(sender: Any, outcome: tuple[bool, Any]) -> None:
    """Send what :func:`evaluate` returned through the connection ``sender``."""
    try:
        sender.send(outcome)
    except Exception as err:  # a result or error that does not pickle is a bug; say which
        sender.send((False, RuntimeError(f"cannot send {type(outcome[1]).__name__}: {err}")))


def _address_space() -> int:
    """The bytes of address space this process maps now (0 where /proc does not say)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def _lower(kind: int, limit: int) -> None:
    """Lower a soft and hard resource limit to ``limit`` (never raise it)."""
    soft, hard = resource.getrlimit(kind)
    new_hard = limit if hard == resource.RLIM_INFINITY else min(hard, limit)
    new_soft = new_hard if soft == resource.RLIM_INFINITY else min(soft, new_hard)
    resource.setrlimit(kind, (new_soft, new_hard))
