"""Two guards of the hand-off socket (inspector/ui/instance.py, inspector/ui/instance_server.py). Plain Python.

- The window's token: a random secret in a file only this user can read, made by the first window that
  serves. The window greets each client with it, and a second start sends its customer key only to a window
  that knows it. On Windows a named pipe's name is machine-wide: another user could create ours first and
  would receive every key handed off; they cannot read the token (it lies in the user's own profile folder).
  On Linux and macOS the socket's private folder already keeps others out; the check costs nothing there.
- The start lock: taken by a start that means to become the window, before its frame is shown, and held
  until that process ends (the system lets go of it even after a crash). A second start close behind finds
  it held and waits for the window's socket instead of opening a second window; only the start holding it
  may take over (remove) a socket file, so a late window never removes one another live window serves.

Cheap to import and to use: a plain window start takes the lock before its frame is shown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

TOKEN_SUFFIX = ".token"  # noqa: S105 - a file name, not the token
LOCK_SUFFIX = ".lock"
TOKEN_HEX_CHARS = 64  # 32 random bytes
MAX_GREETING_BYTES = TOKEN_HEX_CHARS + 1  # the token and its line break

_lock_fd: int | None = None  # the start lock, held while this process lives


def guard_path(name: str, suffix: str, *, identity: str = "", platform: str = sys.platform) -> Path:
    """Where the token (TOKEN_SUFFIX) or the start lock (LOCK_SUFFIX) of the server ``name`` lives: beside its
    socket, in the folder only this user may enter (inspector.handoff.server_name); on Windows, where a pipe
    has no folder, beside the person's settings file ``identity`` (their own profile folder)."""
    if platform == "win32":
        return Path(identity).parent / f"{name}{suffix}"
    return Path(name + suffix)


# ---- the token ---------------------------------------------------------------------------------------------
def read_token(path: Path) -> bytes | None:
    """The token, when the file is a real file of this user that nobody else may read; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            return None  # someone else's, or readable by others: not a secret any more
        data = os.read(fd, TOKEN_HEX_CHARS + 2)
    except OSError:
        return None
    finally:
        os.close(fd)
    token = data.strip()
    return token if is_token(token) else None


def is_token(data: bytes) -> bool:
    return len(data) == TOKEN_HEX_CHARS and all(ch in b"0123456789abcdef" for ch in data)


def ensure_token(path: Path) -> bytes | None:
    """The token in ``path``, made on first use (mode 0600); None when it can be neither read nor written."""
    token = read_token(path)
    if token is not None:
        return token
    import secrets

    token = secrets.token_hex(TOKEN_HEX_CHARS // 2).encode("ascii")
    temporary = path.with_name(f"{path.name}.{os.getpid()}.new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)  # left by a start of the same id that crashed
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, token + b"\n")
        finally:
            os.close(fd)
        os.replace(temporary, path)  # a bad file (another's, or opened up) is replaced, never written into
    except OSError:
        return None
    return read_token(path)


# ---- the start lock ----------------------------------------------------------------------------------------
def take_start_lock(path: Path) -> bool | None:
    """True: taken, held until this process ends. False: another start holds it (its window is coming or is
    there). None: no lock can be had here (the file cannot be opened): every start then does as before."""
    global _lock_fd  # noqa: PLW0603 - one lock per process, held for its life
    if _lock_fd is not None:
        return True
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return None
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:  # os.lockf, not fcntl.flock: importing fcntl alone costs the first window 0.4 ms
            os.lockf(fd, os.F_TLOCK, 0)
    except OSError:
        os.close(fd)
        return False
    _lock_fd = fd
    return True


def release_start_lock() -> None:
    """Let the lock go (tests; a process that ends lets go of it anyway)."""
    global _lock_fd  # noqa: PLW0603
    if _lock_fd is not None:
        os.close(_lock_fd)
        _lock_fd = None
