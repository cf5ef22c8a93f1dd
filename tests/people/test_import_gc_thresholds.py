"""The import collects garbage less often while it runs, and gives the process its settings back."""

from __future__ import annotations

import gc
import threading

from hocvuso.people.roster_import import _IMPORT_GC_THRESHOLDS, relaxed_gc


def test_thresholds_are_relaxed_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with relaxed_gc():
        assert gc.get_threshold() == _IMPORT_GC_THRESHOLDS
    assert gc.get_threshold() == before


def test_overlapping_imports_on_two_threads_restore_the_original_thresholds() -> None:
    before = gc.get_threshold()
    first_inside = threading.Event()
    second_done = threading.Event()

    def second() -> None:
        first_inside.wait()
        with relaxed_gc():
            assert gc.get_threshold() == _IMPORT_GC_THRESHOLDS
        second_done.set()

    worker = threading.Thread(target=second)
    worker.start()
    with relaxed_gc():
        first_inside.set()
        second_done.wait(10)
        assert gc.get_threshold() == _IMPORT_GC_THRESHOLDS  # the other import ending does not undo ours
    worker.join()
    assert gc.get_threshold() == before


def test_thresholds_are_restored_when_the_import_fails() -> None:
    before = gc.get_threshold()
    try:
        with relaxed_gc():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
