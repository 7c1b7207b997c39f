"""``--self-check FILE``: what this copy of the app finds on this computer, as JSON, for the build workflows.

The desktop workflow runs the frozen app natively and asserts that each platform uses its own parts: the
keyring backend (Windows Credential Locker, macOS Keychain, Secret Service), the time-zone data
(``ZoneInfo("Europe/Berlin")`` loads — on Windows only from the bundled tzdata), and the Qt platform plugin
(``windows``, ``cocoa``, ``xcb``); and Qt's answers from ICU (on Linux from the package's smaller ICU data,
packaging/icu_data.py): a German sort, a zone's German name, a legacy codec, Turkish upper case. Nothing is
shown; the only key written is a throwaway one, removed again.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import uuid
import zoneinfo
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector import __version__

ROUND_TRIP_SERVICE = "metrifox-inspector-self-check"


def report() -> dict[str, Any]:
    return {
        "app_version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": platform.python_version(),
        "platform": sys.platform,
        "machine": platform.machine(),
        "keyring": _keyring(),
        "zoneinfo": _zoneinfo(),
        "qt": _qt(),
        "qt_text": _qt_text(),
    }


def run(path: Path) -> int:
    """Write the report to ``path``; exit 0 when written (the workflow judges the contents)."""
    data = report()
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def _keyring() -> dict[str, Any]:
    import keyring

    from inspector.credentials import CredentialStore, backend_description

    backend = keyring.get_keyring()
    found: dict[str, Any] = {
        "backend": f"{type(backend).__module__}.{type(backend).__qualname__}",
        "description": backend_description(backend),
        "usable": CredentialStore(backend, environ={}).keyring_available(),
        "round_trip": None,
    }
    if found["usable"]:
        found["round_trip"] = _round_trip(backend)
    return found


def _round_trip(backend: Any) -> bool | str:
    """Store, read back and remove a throwaway secret: True, or the failure's type (never a message)."""
    from inspector.credentials import _run_with_timeout

    account, secret = f"check-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex

    def trip() -> bool:
        backend.set_password(ROUND_TRIP_SERVICE, account, secret)
        try:
            return bool(backend.get_password(ROUND_TRIP_SERVICE, account) == secret)
        finally:
            backend.delete_password(ROUND_TRIP_SERVICE, account)

    try:
        return _run_with_timeout(trip, 20.0)
    except Exception as exc:  # noqa: BLE001 - reported, not raised: the workflow says what failed
        return type(exc).__name__


def _zoneinfo() -> dict[str, Any]:
    from inspector.present.dates import format_absolute, zone

    try:
        zoneinfo.ZoneInfo("Europe/Berlin")
        loads: bool | str = True
    except Exception as exc:  # noqa: BLE001 - reported
        loads = type(exc).__name__
    system = any((Path(root) / "Europe" / "Berlin").is_file() for root in zoneinfo.TZPATH)
    try:
        bundled: str | None = getattr(importlib.import_module("tzdata"), "IANA_VERSION", "?")
    except ImportError:
        bundled = None
    winter = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    return {
        "europe_berlin_loads": loads is True,
        "error": None if loads is True else loads,
        "system_data": system,
        "tzdata_package": bundled,
        "example": format_absolute(winter, zone("Europe/Berlin"), with_zone=True),  # "…, 10:00 CET"
    }


def _qt() -> dict[str, Any]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    return {"platform": QApplication.platformName(), "qt_version": qVersion(), "pyside_version": pyside_version,
            "screens": len(app.screens()) if isinstance(app, QApplication) else 0}  # fmt: skip


def _qt_text() -> dict[str, Any]:
    """What Qt answers from ICU's data on Linux (PySide's own ICU): the judge compares it with ICU's answers."""
    from functools import cmp_to_key

    from PySide6.QtCore import QBuffer, QByteArray, QCollator, QLocale, QTimeZone, QXmlStreamReader

    german = QLocale("de_DE")
    name = QTimeZone(b"Europe/Berlin").displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, german)
    source = QBuffer()  # PySide binds no QStringDecoder.decode: the XML reader decodes by the declared codec
    source.setData(QByteArray('<?xml version="1.0" encoding="Shift_JIS"?><t>日本語</t>'.encode("shift_jis")))
    source.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QXmlStreamReader(source)
    while not reader.atEnd() and not reader.isCharacters():
        reader.readNext()
    words = ["Zebra", "zürich", "Öl", "apfel", "Äpfel"]
    return {
        "sorted_de": sorted(words, key=cmp_to_key(QCollator(german).compare)),
        "zone_name_de": name,
        "shift_jis": reader.text(),
        "upper_tr": QLocale("tr_TR").toUpper("istanbul"),
    }
