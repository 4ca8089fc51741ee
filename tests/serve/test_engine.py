"""The engine's worker processes: persistent, run in parallel, stopped at the deadline and
replaced, their errors delivered as raised.

Nothing here depends on how fast the machine is: work that must overlap meets at a barrier of
files (run one after the other, it would wait for ever and fail at the deadline), and work that
must be stopped blocks until the engine kills it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lpkg.errors import LimitError, ParseError
from lpkg.serve.app import ServeState
from lpkg.serve.engine import Engine
from lpkg.store import EndpointStore, Store, open_store
from tests import ROOT


def _pid(store: Store) -> int:
    return os.getpid()


def _count(store: Store) -> int:
    return len(store)


def _wait_for(store: Store, path: str) -> str:
    """Block until ``path`` exists (for ever if nobody creates it)."""
    while not Path(path).exists():
        time.sleep(0.01)
    return path


def _meet(store: Store, mine: str, other: str) -> str:
    """Say this call has started, then wait for the other: both return only if they overlap."""
    Path(mine).touch()
    return _wait_for(store, other)


def _die(store: Store, status: int) -> None:
    os._exit(status)


def _allocate(store: Store, size: int) -> int:
    return len(bytearray(size))


def _divide(store: Store, by: int) -> int:
    return 1 // by


def _fail(store: Store) -> None:
    raise ParseError("x.ttl", "bad", 3, 4)


def _running(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


@pytest.fixture
def engine(state: ServeState) -> Iterator[Engine]:
    engine = Engine(state.store, timeout=30, workers=1)
    yield engine
    engine.close()


def test_a_worker_answers_call_after_call(engine: Engine) -> None:
    first = asyncio.run(engine.call("pid", _pid))
    assert first != os.getpid()
    assert asyncio.run(engine.call("pid", _pid)) == first
    assert asyncio.run(engine.call("count", _count)) == len(engine.store)


def test_work_past_the_deadline_is_killed_and_the_next_call_works(state: ServeState) -> None:
    engine = Engine(state.store, timeout=0.5, workers=1)
    try:
        before = asyncio.run(engine.call("pid", _pid))
        with pytest.raises(LimitError, match="the wait did not finish within 0.5 seconds"):
            asyncio.run(engine.call("the wait", _wait_for, "/nonexistent/never"))
        assert not _running(before)
        after = asyncio.run(engine.call("pid", _pid))
        assert after != before and _running(after)
        assert asyncio.run(engine.call("count", _count)) == len(state.store)
    finally:
        engine.close()


def test_a_worker_that_dies_is_replaced(engine: Engine) -> None:
    before = asyncio.run(engine.call("pid", _pid))
    with pytest.raises(LimitError, match=r"dying stopped without an answer \(exit status 7\)"):
        asyncio.run(engine.call("dying", _die, 7))
    assert asyncio.run(engine.call("pid", _pid)) not in (before, os.getpid())


def test_a_worker_out_of_memory_is_replaced(state: ServeState) -> None:
    engine = Engine(state.store, timeout=30, workers=1, memory=300_000_000)
    try:
        before = asyncio.run(engine.call("pid", _pid))
        assert asyncio.run(engine.call("allocating", _allocate, 10_000_000)) == 10_000_000
        with pytest.raises(LimitError, match="allocating needed more than 300,000,000 bytes"):
            asyncio.run(engine.call("allocating", _allocate, 1_000_000_000))
        assert asyncio.run(engine.call("pid", _pid)) != before
        assert not _running(before)
    finally:
        engine.close()


def test_calls_run_in_parallel(state: ServeState, tmp_path: Path) -> None:
    engine = Engine(state.store, timeout=30, workers=2)
    a, b = str(tmp_path / "a"), str(tmp_path / "b")

    async def both() -> list[str]:
        return await asyncio.gather(engine.call("a", _meet, a, b), engine.call("b", _meet, b, a))

    try:
        assert asyncio.run(both()) == [b, a]
    finally:
        engine.close()


def test_calls_beyond_the_workers_wait_their_turn(engine: Engine) -> None:
    async def three() -> list[int]:
        return await asyncio.gather(*(engine.call("pid", _pid) for _ in range(3)))

    pids = asyncio.run(three())
    assert len(set(pids)) == 1 and pids[0] != os.getpid()


def test_a_full_queue_is_refused_at_once(state: ServeState, tmp_path: Path) -> None:
    engine = Engine(state.store, timeout=30, workers=1, backlog=0)
    flag = tmp_path / "go"

    async def scenario() -> str:
        first = asyncio.create_task(engine.call("first", _wait_for, str(flag)))
        await asyncio.sleep(0)  # the first call takes the only worker
        with pytest.raises(LimitError, match="busy .* second was not started"):
            await engine.call("second", _pid)
        flag.touch()
        return await first

    try:
        assert asyncio.run(scenario()) == str(flag)
    finally:
        engine.close()


def test_the_wait_for_a_worker_counts_against_the_deadline(state: ServeState) -> None:
    engine = Engine(state.store, timeout=0.5, workers=1)

    async def scenario() -> int:
        worker = await engine._acquire("holding", time.monotonic() + 30)  # the only worker
        with pytest.raises(LimitError, match="waiting waited 0.5 seconds for a free worker"):
            await engine.call("waiting", _pid)
        engine._release(worker)
        return await engine.call("pid", _pid)

    try:
        assert asyncio.run(scenario()) != os.getpid()
    finally:
        engine.close()


def test_errors_arrive_as_raised(engine: Engine) -> None:
    with pytest.raises(ParseError) as caught:
        asyncio.run(engine.call("parsing", _fail))
    assert (str(caught.value.path), caught.value.line, caught.value.column) == ("x.ttl", 3, 4)
    with pytest.raises(ZeroDivisionError):
        asyncio.run(engine.call("dividing", _divide, 0))


def test_close_stops_the_workers_and_a_later_call_starts_new_ones(engine: Engine) -> None:
    before = asyncio.run(engine.call("pid", _pid))
    engine.close()
    assert not _running(before)
    assert asyncio.run(engine.call("pid", _pid)) not in (before, os.getpid())


def test_an_endpoint_store_is_called_in_the_server_process() -> None:
    # its server bounds the time; nothing is forked (and nothing here reaches the endpoint)
    engine = Engine(EndpointStore("http://127.0.0.1:9/sparql"), timeout=1, workers=2)
    assert asyncio.run(engine.call("pid", _pid)) == os.getpid()


def test_work_the_worker_cannot_unpickle_fails_and_the_worker_stays(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = asyncio.run(engine.call("pid", _pid))

    def made_later(store: Store) -> None:
        """Made after the worker was forked: the worker's copy of this module lacks it."""

    made_later.__qualname__ = "made_later"
    monkeypatch.setattr(sys.modules[__name__], "made_later", made_later, raising=False)
    with pytest.raises(AttributeError, match="made_later"):
        asyncio.run(engine.call("late", made_later))
    assert asyncio.run(engine.call("pid", _pid)) == before


def test_a_worker_ends_when_the_server_goes(state: ServeState) -> None:
    # the server's end of the pipe closing is what a worker sees when the server dies; a worker
    # forked later (here, another engine's) must not hold that end open
    first, second = Engine(state.store, timeout=30, workers=1), Engine(state.store, 30, 1)
    try:
        (worker,) = first._workers
        worker.connection.close()
        deadline = time.monotonic() + 30
        while os.waitpid(worker.pid, os.WNOHANG) == (0, 0) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not _running(worker.pid)
    finally:
        first.close()
        second.close()


def _write(store: Store) -> None:
    store.update("INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }")


def test_a_store_on_disk_is_read_only_in_the_server_and_each_worker(tmp_path: Path) -> None:
    # just loaded, the store is still being compacted: a reader must not see its files change
    store = open_store(f"oxigraph:{tmp_path / 'store'}", root=ROOT)
    engine = Engine(store, timeout=30, workers=2)
    try:

        async def on_both_workers() -> list[int]:
            return await asyncio.gather(*(engine.call("count", _count) for _ in range(2)))

        assert asyncio.run(on_both_workers()) == [len(store)] * 2 and len(store) > 7000
        read_only = "only possible on read-write instances"
        with pytest.raises(RuntimeError, match=read_only):
            asyncio.run(engine.call("writing", _write))
        with pytest.raises(RuntimeError, match=read_only):
            _write(store)
    finally:
        engine.close()


def test_a_worker_that_died_while_idle_is_replaced(engine: Engine) -> None:
    before = asyncio.run(engine.call("pid", _pid))
    os.kill(before, signal.SIGKILL)  # as the kernel's OOM killer would
    deadline = time.monotonic() + 30
    while Path(f"/proc/{before}/stat").read_text().split()[2] != "Z":  # until it is gone
        assert time.monotonic() < deadline
        time.sleep(0.01)
    with pytest.raises(LimitError, match=r"stopped without an answer \(exit status -9\)"):
        asyncio.run(engine.call("pid", _pid))
    assert asyncio.run(engine.call("pid", _pid)) not in (before, os.getpid())
