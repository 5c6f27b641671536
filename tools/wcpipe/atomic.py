"""Write-then-rename output: a file is either complete or absent, never half-written."""

import errno
import os
import tempfile

from . import WcError


def _explain(path, exc):
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return WcError(f"{path}: disk full while writing (nothing was changed; free space and retry)")
    if exc.errno == errno.EROFS:
        return WcError(f"{path}: file system is read-only")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return WcError(f"{path}: permission denied")
    return WcError(f"{path}: {exc.strerror or exc}")


def write_bytes(path, data, mode=0o644):
    """Atomically replace PATH with DATA (bytes). Directory must exist or is created."""
    d = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(d, exist_ok=True)
    except OSError as e:
        raise _explain(d, e) from e
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        dfd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError as e:
        raise _explain(path, e) from e
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def read_text(path):
    """The UTF-8 text of PATH; WcError naming the file (and the byte) otherwise."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except UnicodeDecodeError as e:
        raise WcError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise WcError(f"{path}: cannot read: {e.strerror}") from e


def write_text(path, text, mode=0o644):
    write_bytes(path, text.encode("utf-8"), mode)


def copy_file(src, dst):
    """Atomic copy of SRC to DST (read fully, then write-then-rename)."""
    try:
        with open(src, "rb") as f:
            data = f.read()
    except OSError as e:
        raise WcError(f"{src}: cannot read: {e.strerror}") from e
    write_bytes(dst, data)


def create_exclusive(path, text):
    """Create PATH only if it does not exist (returns False if it does).

    The content goes to a temp file first and is linked into place, so a
    reader never sees a partial file and two writers never share a name.
    """
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    except OSError as e:
        raise _explain(path, e) from e
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
