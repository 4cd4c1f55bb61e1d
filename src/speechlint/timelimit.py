"""A time limit for user-written regular expressions.

A user's rule file can hold a pattern like (a+)+$ that backtracks for hours on one unlucky line. Python's
re engine checks for signals while it matches, so a SIGALRM interval timer can stop it. Built-in rules are
trusted and never pay for the two system calls. Where no timer exists (Windows, a thread other than the
main one) the limit is skipped: linting still works, just without the guard.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

from .errors import SpeechlintError

BASE_SECONDS = 1.0
CHARS_PER_SECOND = 1_000_000    # a sane pattern scans far faster than this


class RegexTimeout(SpeechlintError):
    pass


class _Expired(BaseException):
    """BaseException so no `except Exception` inside the matching code swallows it."""


def budget(text: str) -> float:
    return BASE_SECONDS + len(text) / CHARS_PER_SECOND


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float, message: str):
    """Raise RegexTimeout(message) when the body runs longer than seconds."""
    if not _usable():
        yield
        return

    armed = [True]

    def expire(signum, frame):
        if armed[0]:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        try:
            yield
        finally:
            # a signal landing here is still caught below, never escapes as _Expired
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise RegexTimeout(message) from None
    finally:
        signal.signal(signal.SIGALRM, previous)
