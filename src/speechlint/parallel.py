"""Lint many files in worker processes, keeping the output in the order the files were given.

The work for one file is a plain function (see cli._lint_one). On Linux the workers are forked, so
they inherit the parent's compiled rules and the function can be any callable (a closure or
functools.partial); elsewhere the function must be picklable and each worker rebuilds what it needs.
"""
from __future__ import annotations

import os

AUTO_MIN_FILES = 24        # below this a pool costs more to start than it saves


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs, n_files: int) -> int:
    """-j N → N workers; -j 0 or no -j → the number of cores when there are many files, else 1."""
    if jobs is None or jobs <= 0:
        jobs = cpu_count() if n_files >= AUTO_MIN_FILES else 1
    return max(1, min(jobs, n_files))


_FUNC = None


def _init(func):
    import signal
    global _FUNC
    if func is not None:
        _FUNC = func
    # Ctrl-C goes to the whole process group: let the parent stop the pool, not every worker print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(item):
    return _FUNC(item)


def _context():
    import multiprocessing          # imported only for a parallel run: it costs start-up time
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None


def map_ordered(func, items, jobs: int):
    """Yield func(item) for every item, in the order of items; jobs > 1 runs in worker processes."""
    items = list(items)
    if jobs <= 1 or len(items) <= 1:
        yield from map(func, items)
        return
    global _FUNC
    ctx = _context()
    if ctx is None:
        import pickle
        try:
            pickle.dumps(func)
        except Exception:  # not picklable and no fork: a sequential run is still correct
            yield from map(func, items)
            return
        initargs = (func,)
    else:
        _FUNC, initargs = func, (None,)
        import gc
        # The workers inherit the parent's objects (compiled rules, tables). Frozen, the collector in each
        # worker leaves them alone instead of walking them and copying every page it touches.
        gc.freeze()
    from concurrent.futures import ProcessPoolExecutor
    # Several files per task keep the pickling overhead small; several tasks per worker balance the load.
    chunksize = max(1, len(items) // (jobs * 4))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init, initargs=initargs)
    try:
        yield from pool.map(_call, items, chunksize=chunksize)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _FUNC = None
        if ctx is not None:
            import gc
            gc.unfreeze()
