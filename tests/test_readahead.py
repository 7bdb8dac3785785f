"""read_ahead: the same items in the same order, produced in another thread, never more than
``depth`` ahead; a producer's exception reaches the caller; a caller that stops early frees it."""

from __future__ import annotations

import threading
import time

import pytest

from affilint.readahead import read_ahead


def test_items_come_in_order():
    assert list(read_ahead(iter(range(1000)), 4)) == list(range(1000))


def test_empty_input():
    assert list(read_ahead(iter(()), 4)) == []


def test_items_are_produced_in_another_thread():
    threads = []

    def items():
        for index in range(3):
            threads.append(threading.current_thread())
            yield index

    assert list(read_ahead(items(), 2)) == [0, 1, 2]
    assert threading.current_thread() not in threads


def test_producer_stays_within_depth():
    produced = []

    def items():
        for index in range(100):
            produced.append(index)
            yield index

    stream = read_ahead(items(), 3)
    assert next(stream) == 0
    time.sleep(0.2)
    # 0 is taken, 3 wait in the queue, and one more may be held by the blocked put
    assert len(produced) <= 5
    stream.close()


def test_producer_exception_is_raised_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("broken input")

    stream = read_ahead(items(), 8)
    assert next(stream) == 1
    assert next(stream) == 2
    with pytest.raises(ValueError, match="broken input"):
        next(stream)


def test_closing_early_stops_and_closes_the_producer():
    closed = threading.Event()

    def items():
        try:
            for index in range(10_000):
                yield index
        finally:
            closed.set()

    stream = read_ahead(items(), 2)
    assert next(stream) == 0
    stream.close()
    assert closed.wait(5)
