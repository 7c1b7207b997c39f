"""The allocator's arenas are limited on Linux with glibc (the memory benchmark shows why), and asking is
harmless elsewhere."""

from __future__ import annotations

import sys

import pytest

from inspector.allocator import limit_arenas


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt exists only on Linux")
def test_glibc_accepts_the_arena_limit() -> None:
    assert limit_arenas() is True


def test_no_glibc_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert limit_arenas() is False
