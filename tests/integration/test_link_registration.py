"""The helpdesk link's scheme is registered by every package, as inspector.handoff reads it."""

from __future__ import annotations

from configparser import ConfigParser
from pathlib import Path

from inspector import handoff
from tests.support.process import script_module

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_the_desktop_entry_handles_the_scheme_and_passes_the_link() -> None:
    entry = ConfigParser(interpolation=None)
    entry.read(PACKAGING / "linux" / "com.metrifox.AccountInspector.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert f"x-scheme-handler/{handoff.SCHEME}" in section["MimeType"].split(";")
    assert section["Exec"].split()[-1] == "%u"  # one URL, as one argument


def test_install_makes_the_app_the_schemes_default_handler() -> None:
    script = (PACKAGING / "linux" / "install.sh").read_text()
    assert f'xdg-mime default "$app_id.desktop" x-scheme-handler/{handoff.SCHEME}' in script
    assert "update-desktop-database" in script  # reads MimeType into the handlers' cache


def test_the_windows_installer_registers_the_scheme() -> None:
    script = (PACKAGING / "windows" / "installer.iss").read_text()
    key = f"Software\\Classes\\{handoff.SCHEME}"
    assert f'Subkey: "{key}"; ValueType: string; ValueName: "URL Protocol"' in script
    assert f'Subkey: "{key}\\shell\\open\\command"' in script
    assert '""{app}\\metrifox-inspector.exe"" ""%1""' in script  # the link quoted as one argument


def test_the_macos_bundle_declares_the_scheme() -> None:
    build_info = script_module(PACKAGING / "build_info.py", "build_info")
    assert build_info.URL_SCHEME == handoff.SCHEME
    (declared,) = build_info.macos_info_plist("1.0.0")["CFBundleURLTypes"]
    assert declared["CFBundleURLSchemes"] == [handoff.SCHEME]


def test_the_build_keeps_qtnetwork_for_the_local_socket() -> None:
    spec = (PACKAGING / "metrifox-inspector.spec").read_text()
    assert '"PySide6.QtNetwork"' not in spec
    assert '"libQt6Network"' not in spec
