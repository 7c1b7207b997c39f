"""Saved answers: only regular files, a bounded read, a deadline, one sentence otherwise."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.api import errors
from inspector.api.saved import read_saved_answer
from tests.support.fake_metrifox import EXAMPLE


def _link(tmp_path: Path, target: str) -> Path:
    link = tmp_path / "answer.json"
    link.symlink_to(target)
    return link


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_symlink_to_an_endless_device_is_refused_unread(tmp_path: Path, device: str) -> None:
    with pytest.raises(errors.BadResponse) as caught:
        read_saved_answer(_link(tmp_path, device), max_bytes=1024)
    assert caught.value.message == "answer.json is not a file that can hold a saved Metrifox answer."
    assert isinstance(caught.value, errors.MetrifoxError)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(errors.BadResponse, match=r"^pipe\.json is not a file that can hold"):
        read_saved_answer(fifo)


def test_a_folder_and_a_socket_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(errors.BadResponse, match="is not a file that can hold"):
        read_saved_answer(folder)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.json"))
        with pytest.raises(errors.BadResponse, match="is not a file that can hold"):
            read_saved_answer(tmp_path / "s.json")


def test_the_read_stops_past_the_cap_whatever_the_size_says() -> None:
    """/proc files are regular files whose size reads as 0, yet they hold text."""
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc here")
    with pytest.raises(errors.BadResponse, match="status is too large to be a saved Metrifox answer"):
        read_saved_answer(status, max_bytes=64)


def test_never_more_than_the_cap_plus_one_byte_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 100_000)
    read_sizes: list[int] = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        data = real_read(fd, size)
        read_sizes.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)  # saved.py reads through os.read
    monkeypatch.setattr(os, "fstat", lambda fd: _size_zero(os.stat(big)))  # a file that lies about its size
    with pytest.raises(errors.BadResponse, match="too large"):
        read_saved_answer(big, max_bytes=1000)
    assert sum(read_sizes) == 1001


def _size_zero(info: os.stat_result) -> os.stat_result:
    values = list(info)
    values[6] = 0  # st_size
    return os.stat_result(values)


@pytest.fixture
def hung_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """``os.open`` in saved.py waits like a call on a mount that stopped answering (released at the end)."""
    release = threading.Event()
    real_open = os.open

    def stuck_open(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("acme.json"):
            release.wait()
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", stuck_open)
    yield release
    release.set()


def test_opening_gives_up_at_the_deadline(tmp_path: Path, hung_open: threading.Event) -> None:
    answer = tmp_path / "acme.json"
    answer.write_bytes(EXAMPLE.read_bytes())
    with pytest.raises(errors.BadResponse) as caught:
        read_saved_answer(answer, deadline=0.01)
    assert caught.value.message == "acme.json could not be read in time; is it on a drive that is not answering?"


def test_a_regular_file_and_a_symlink_to_one_still_open(tmp_path: Path) -> None:
    answer = tmp_path / "acme.json"
    answer.write_bytes(EXAMPLE.read_bytes())
    details, _ = read_saved_answer(answer)
    assert details.customer.customer_key == "cust-mljp3ra6ffjm"
    details, _ = read_saved_answer(_link(tmp_path, str(answer)))
    assert details.customer.customer_key == "cust-mljp3ra6ffjm"
    with pytest.raises(errors.BadResponse, match="too large"):
        read_saved_answer(answer, max_bytes=100)
