"""Progress on standard error for long command-line work, drawn by tqdm.

A stage (reading a workbook, rating a plan, writing a report) shows a line
on standard error once it has run for a second: what is being done, for how
long so far, and, when the stage knows its size, a bar.  Nothing is shown
when standard error is not a terminal (a log file, a pipe, a test), when
``TERM`` is ``dumb``, or with ``--quiet``; short work shows nothing either,
so that a command that answers at once stays silent.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from typing import IO

__all__ = ["DELAY", "shown", "stage"]

#: Seconds a stage runs before its line is shown.
DELAY = 1.0
# How often the elapsed time of a stage without a size is redrawn.
_TICK = 0.5


def shown(stream: IO[str], *, quiet: bool) -> bool:
    """Whether progress should be drawn on *stream*."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # A closed stream.
        return False


def _ignore(count: int = 1) -> None:
    """Count nothing: progress is not shown."""
    del count


@contextlib.contextmanager
def stage(
    description: str,
    stream: IO[str],
    *,
    quiet: bool = False,
    total: int | None = None,
    unit: str = "it",
) -> Iterator[Callable[[int], None]]:
    """Show *description* on *stream* while the block runs, if it runs long.

    Yields a function to call with the number of units done since the last
    call, for a stage with a *total*; a stage without one shows the time it
    has taken.  The line is removed when the block ends, however it ends.
    """
    if not shown(stream, quiet=quiet):
        yield _ignore
        return
    from tqdm import tqdm  # noqa: PLC0415 - only when progress is drawn.

    bar_format = None if total is not None else "{desc}: {elapsed}"
    bar = tqdm(
        total=total,
        desc=description,
        file=stream,
        leave=False,
        delay=DELAY,
        unit=unit,
        bar_format=bar_format,
        dynamic_ncols=True,
    )
    done = threading.Event()

    def tick() -> None:
        # A stage without a size draws nothing by itself: redraw its clock.
        if done.wait(DELAY):
            return
        while not done.wait(_TICK):
            bar.refresh()

    ticker = None
    if total is None:
        ticker = threading.Thread(target=tick, name="perfmeasures-progress")
        ticker.daemon = True
        ticker.start()

    def update(count: int = 1) -> None:
        bar.update(count)

    try:
        yield update
    finally:
        done.set()
        if ticker is not None:
            ticker.join()
        bar.close()
