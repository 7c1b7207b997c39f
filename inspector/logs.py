"""The app's log: a rotating file in the platform's user log folder, with secrets redacted.

The key should never reach a log line in the first place (nothing logs headers); the filter is the
second line of defence, and also masks anything that looks like an ``x-api-key`` header.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
import time
from pathlib import Path
from typing import Any

_HEADER = re.compile(r"(x-api-key['\"]?\s*[:=]\s*['\"]?)[^\s'\",}]+", re.IGNORECASE)
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None  # every secret, longest first, in any letter case
_lock = threading.Lock()


def register_secret(secret: str | None) -> None:
    """Mask this value in every log line from now on (the API key in use), in any letter case: a server
    may echo a key back changed (upper-cased) in its message."""
    global _pattern  # noqa: PLW0603 - one pattern for the process, rebuilt when a secret is added
    if secret and len(secret) >= 4:
        with _lock:
            if secret not in _secrets:
                _secrets.add(secret)
                alternatives = sorted(_secrets, key=len, reverse=True)
                _pattern = re.compile("|".join(re.escape(s) for s in alternatives), re.IGNORECASE)


def redact(text: str) -> str:
    with _lock:
        pattern = _pattern
    if pattern is not None:
        text = pattern.sub("«redacted»", text)
    return _HEADER.sub(r"\1«redacted»", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = redact(formatter.formatException(record.exc_info))
            record.exc_info = None
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that goes quiet when it cannot be written (full disk, removed folder).

    The standard handler prints a traceback to stderr for every line it fails to write; for a log that
    is only there to help support, losing lines is the lesser harm. It tries again after a while.
    """

    retry_after = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._quiet_until = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if time.monotonic() < self._quiet_until:
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        self._quiet_until = time.monotonic() + self.retry_after


def log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("metrifox-inspector", "Metrifox"))


def setup_file_logging(level: int = logging.INFO, directory: Path | None = None) -> Path | None:
    """Log to ``<user log dir>/inspector.log`` (1 MB x 3 files). Returns the folder, or None if unwritable."""
    folder = directory or log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = QuietRotatingFileHandler(
            folder / "inspector.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    logging.getLogger("httpcore").setLevel(logging.WARNING)  # its DEBUG trace is noise for support
    return folder
