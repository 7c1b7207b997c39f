"""The log: every known key masked in any letter case, in the file the app writes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.logs import RedactingFilter, redact, register_secret, setup_file_logging

SECRET = "mfx_live_9aB3cD4eF5"  # noqa: S105 - a made-up key for the redaction to find


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    assert setup_file_logging(directory=tmp_path) == tmp_path
    yield tmp_path / "inspector.log"
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


@pytest.mark.parametrize("echoed", [SECRET.upper(), SECRET.lower(), SECRET.swapcase(), SECRET])
def test_a_key_echoed_in_another_case_is_redacted(echoed: str, log_file: Path) -> None:
    register_secret(SECRET)
    assert redact(f"Invalid API key {echoed}!") == "Invalid API key «redacted»!"
    logging.getLogger("inspector.test").warning("HTTP 401 from Metrifox: Invalid API key %s", echoed)
    written = log_file.read_text(encoding="utf-8")
    assert "Invalid API key «redacted»" in written
    assert SECRET.lower() not in written.lower()


def test_the_filter_masks_arguments_too() -> None:
    register_secret(SECRET)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "echo %s", (SECRET.upper(),), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "echo «redacted»"
