"""The hand-off's token (a secret file only this user can read) and its start lock (one start becomes the
window), as files on disk and a lock held by another real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector import handoff_guard
from inspector.handoff_guard import ensure_token, guard_path, read_token, release_start_lock, take_start_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file modes and flock are the Unix side")


@pytest.fixture
def folder() -> Iterator[Path]:
    made = Path(tempfile.mkdtemp(prefix="mi-", dir="/tmp"))
    made.chmod(0o700)
    yield made
    release_start_lock()
    shutil.rmtree(made, ignore_errors=True)


def test_the_token_is_made_once_readable_by_this_user_only(folder: Path) -> None:
    path = folder / "s.token"
    token = ensure_token(path)
    assert token is not None
    assert handoff_guard.is_token(token)
    assert path.stat().st_mode & 0o777 == 0o600
    assert ensure_token(path) == token  # the first use makes it; later ones read it
    assert read_token(path) == token
    assert list(folder.iterdir()) == [path]  # no temporary file left


def test_a_token_others_could_read_or_a_link_is_not_trusted_and_is_replaced(folder: Path) -> None:
    path = folder / "s.token"
    path.write_bytes(b"a" * 64 + b"\n")
    path.chmod(0o644)  # readable by others: not a secret any more
    assert read_token(path) is None
    token = ensure_token(path)
    assert token is not None
    assert token != b"a" * 64
    assert path.stat().st_mode & 0o777 == 0o600
    path.unlink()
    (folder / "elsewhere").write_bytes(b"b" * 64 + b"\n")
    (folder / "elsewhere").chmod(0o600)
    path.symlink_to(folder / "elsewhere")
    assert read_token(path) is None  # a link is never followed
    assert read_token(folder / "missing") is None


def test_the_token_and_lock_live_beside_the_socket_or_beside_the_settings_on_windows() -> None:
    assert guard_path("/run/user/1000/metrifox-inspector-1a2b", ".token", platform="linux") == Path(
        "/run/user/1000/metrifox-inspector-1a2b.token"
    )
    on_windows = guard_path(
        "metrifox-inspector-ana-1a2b",
        ".lock",
        identity="C:/Users/ana/AppData/Roaming/Metrifox/AccountInspector.ini",
        platform="win32",
    )
    assert on_windows == Path("C:/Users/ana/AppData/Roaming/Metrifox/metrifox-inspector-ana-1a2b.lock")


def test_the_start_lock_is_one_process_at_a_time_and_goes_with_it(folder: Path) -> None:
    path = folder / "s.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from inspector.handoff_guard import take_start_lock; "
            "print(take_start_lock(Path(sys.argv[1])), flush=True); sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "True"
        assert take_start_lock(path) is False  # another start holds it: its window is coming
    finally:
        holder.communicate(input="", timeout=30)  # it ends: the system lets go of its lock
    assert take_start_lock(path) is True
    assert path.stat().st_mode & 0o777 == 0o600


def test_no_lock_to_be_had_is_said_apart(folder: Path) -> None:
    assert take_start_lock(folder / "missing-folder" / "s.lock") is None  # every start does as before
    assert os.listdir(folder) == []
