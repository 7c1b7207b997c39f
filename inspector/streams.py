"""Standard streams that may not exist.

A windowed Windows exe (PyInstaller ``console=False``, like ``pythonw``) starts with ``sys.stdin``,
``sys.stdout`` and ``sys.stderr`` set to ``None``: a ``write`` or ``flush`` on one is an AttributeError, and
in a frozen app that means a crash dialog. The entry point calls :func:`ensure_streams` first, so nothing
can crash on a missing stream; a command whose whole point is its output (``--print``) or its input
(``--store-key``) is refused instead (:func:`refusal`): use the console exe ``metrifox-inspector-cli``.

Output redirected to a file on Windows gets the ANSI code page (cp1252), which has no "東京": ``--print``
would stop half-way with a UnicodeEncodeError. Streams that are not UTF-8 are switched to UTF-8.
"""

from __future__ import annotations

import argparse
import io
import os
import sys

NAMES = ("stdin", "stdout", "stderr")
CONSOLE_EXE = "metrifox-inspector-cli"


def ensure_streams() -> frozenset[str]:
    """Put ``os.devnull`` in place of each missing standard stream; return the names that were missing."""
    missing = frozenset(name for name in NAMES if getattr(sys, name) is None)
    for name in missing:
        setattr(sys, name, open(os.devnull, "r" if name == "stdin" else "w", encoding="utf-8"))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if isinstance(stream, io.TextIOWrapper) and encoding != "utf8":
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    return missing


def refusal(args: argparse.Namespace, missing: frozenset[str]) -> str | None:
    """One sentence when the headless command in ``args`` needs a stream this process does not have."""
    if args.store_key:
        needed = "stdin"
    elif any(
        getattr(args, name, None)
        for name in ("print_key", "print_file", "diff", "check_access", "json", "print_many", "card_link", "quote")
    ):
        needed = "stdout"
    else:
        return None
    if needed not in missing:
        return None
    where = "standard input" if needed == "stdin" else "a console to write to"
    return f"This copy of the app has no {where}; run {CONSOLE_EXE} for the command line."
