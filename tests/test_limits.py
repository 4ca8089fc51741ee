"""Work run in a child process under a deadline and a memory limit, or beside this process."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import lpkg.limits
from lpkg.errors import LimitError, ParseError
from lpkg.limits import limited, run_beside, run_limited


def test_the_result_comes_back() -> None:
    assert run_limited("adding", sum, [1, 2, 3], timeout=30) == 6


def test_the_child_runs_in_another_process() -> None:
    assert run_limited("asking", os.getpid, timeout=30) != os.getpid()


def _fail() -> None:
    raise ParseError("x.ttl", "bad", 3, 4)


def test_an_lpkg_error_arrives_whole() -> None:
    with pytest.raises(ParseError) as caught:
        run_limited("parsing", _fail, timeout=30)
    assert (str(caught.value.path), caught.value.line, caught.value.column) == ("x.ttl", 3, 4)
    assert str(caught.value) == "x.ttl, line 3, column 4: bad"


def test_work_past_the_deadline_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(LimitError, match="sleeping did not finish within 0.2 seconds"):
        run_limited("sleeping", time.sleep, 60, timeout=0.2)
    assert time.monotonic() - started < 30  # not the 60 s the child would have slept


def test_the_message_says_what_to_do_about_the_deadline() -> None:
    with pytest.raises(LimitError) as caught:
        run_limited("sleeping", time.sleep, 60, timeout=0.2)
    assert str(caught.value).endswith("Simplify it, or give more time with --timeout.")
    with pytest.raises(LimitError) as caught:
        run_limited("sleeping", time.sleep, 60, timeout=0.2, remedy="Split it.")
    assert str(caught.value).endswith("was stopped. Split it.")


def _allocate(size: int) -> int:
    return len(bytearray(size))


def test_work_past_the_memory_limit_is_stopped() -> None:
    assert run_limited("allocating", _allocate, 10_000_000, timeout=30) == 10_000_000
    with pytest.raises(LimitError, match="needed more than 300,000,000 bytes"):
        run_limited("allocating", _allocate, 1_000_000_000, timeout=30, memory=300_000_000)


def test_a_child_that_dies_without_an_answer_is_a_limit_error() -> None:
    # what SIGXCPU or the kernel's OOM killer leave behind: a child gone before it answered
    with pytest.raises(LimitError, match=r"stopped without an answer \(exit status 9\)") as caught:
        run_limited("dying", os._exit, 9, timeout=30)
    assert "raise the memory limit with LPKG_MAX_MEMORY" in str(caught.value)  # what to do


def _wait_for(path: Path) -> bool:
    """Whether ``path`` appears within 20 seconds."""
    deadline = time.monotonic() + 20
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_limited_work_goes_on_while_this_process_does(tmp_path: Path) -> None:
    # the child waits for what this process does after starting it
    signal = tmp_path / "signal"
    with limited("waiting", _wait_for, signal, timeout=60) as seen:
        signal.touch()
        assert seen() is True


def test_the_deadline_of_limited_work_counts_from_its_start() -> None:
    with limited("sleeping", time.sleep, 60, timeout=2) as slept:
        time.sleep(2.1)  # this process's own work took the child's whole time
        asked = time.monotonic()
        with pytest.raises(LimitError, match="within 2 seconds"):
            slept()
    assert time.monotonic() - asked < 1.5  # no second deadline


def test_limited_work_is_stopped_when_the_block_ends(tmp_path: Path) -> None:
    signal, done = tmp_path / "signal", tmp_path / "done"
    with pytest.raises(KeyError), limited("waiting", _touch_after, signal, done, timeout=60):
        raise KeyError  # this process gave up before asking for the result
    signal.touch()
    assert not _wait_for_briefly(done)


def _touch_after(signal: Path, done: Path) -> None:
    if _wait_for(signal):
        done.touch()


def _wait_for_briefly(path: Path) -> bool:
    time.sleep(1)
    return path.exists()


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as lpkg's commands run: no other threads (a test before may have left one,
    and run_beside would then do the work here)."""
    monkeypatch.setattr(lpkg.limits.threading, "active_count", lambda: 1)


def test_work_beside_runs_in_another_process_while_this_one_goes_on(alone: None) -> None:
    started = time.monotonic()
    with run_beside("sleeping", time.sleep, 0.5) as slept, run_beside("asking", os.getpid) as pid:
        assert time.monotonic() - started < 0.4  # neither waited for the child
        assert pid() != os.getpid()
        assert slept() is None
    assert time.monotonic() - started >= 0.5


def test_work_beside_raises_what_the_child_raised(alone: None) -> None:
    with run_beside("parsing", _fail) as result, pytest.raises(ParseError) as caught:
        result()
    assert caught.value.line == 3


def test_work_beside_that_dies_is_a_limit_error(alone: None) -> None:
    with run_beside("dying", os._exit, 9) as result, pytest.raises(LimitError, match="dying"):
        result()


def test_work_beside_is_stopped_when_its_result_is_not_wanted(alone: None) -> None:
    started = time.monotonic()
    with run_beside("sleeping", time.sleep, 60):
        pass
    assert time.monotonic() - started < 30


def test_work_beside_runs_here_where_processes_cannot_fork(monkeypatch) -> None:
    monkeypatch.setattr(lpkg.limits.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with run_beside("asking", os.getpid) as pid:
        assert pid() == os.getpid()


def test_work_beside_runs_here_in_a_process_with_other_threads() -> None:
    # a forked child could wait forever for a lock another thread held at the fork
    import threading

    started = threading.active_count()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with run_beside("asking", os.getpid) as pid:
            assert pid() == os.getpid()
    finally:
        release.set()
        other.join()
    if started == 1:  # no thread another test left behind
        with run_beside("asking", os.getpid) as pid:
            assert pid() != os.getpid()
