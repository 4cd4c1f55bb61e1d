"""One way to write a file: through a temporary file in the same folder, renamed over the target, so a
crash, a full disk or a parallel run never leaves half a file (drafts, baselines and caches alike)."""
from __future__ import annotations

import os
import tempfile


def write_atomic(path, data: bytes) -> None:
    """A symbolic link keeps pointing at the new file; an existing file keeps its mode, a new one gets
    the usual mode for the user's umask."""
    real = os.path.realpath(path)
    directory = os.path.dirname(real) or "."
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(real) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = os.stat(real).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
