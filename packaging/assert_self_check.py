"""Judge a frozen app's ``--self-check FILE`` report: the platform's own parts, or exit 1 saying which not.

    python packaging/assert_self_check.py REPORT.json --qt-platform cocoa --keyring keyring.backends.macOS.Keyring

Used by packaging/smoke-test.sh (Linux, here) and .github/workflows/desktop.yml (Windows, macOS). Plain
Python, no third-party imports: it runs with whatever Python the runner has.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --qt-text (Linux, where the package carries Qt's ICU with a smaller data file): ICU's own answers.
QT_TEXT = {
    "sorted_de": ["apfel", "Äpfel", "Öl", "Zebra", "zürich"],
    "zone_name_de": "Mitteleuropäische Normalzeit",
    "shift_jis": "日本語",
    "upper_tr": "İSTANBUL",
}


def source_version() -> str:
    text = (ROOT / "inspector" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert match is not None, "no __version__ in inspector/__init__.py"
    return match.group(1)


def problems(report: dict[str, object], args: argparse.Namespace) -> list[str]:
    found: list[str] = []
    keyring = report.get("keyring") or {}
    zones = report.get("zoneinfo") or {}
    qt = report.get("qt") or {}
    assert isinstance(keyring, dict)
    assert isinstance(zones, dict)
    assert isinstance(qt, dict)
    expect = [
        ("app_version", report.get("app_version"), source_version()),
        ("frozen", report.get("frozen"), True),
        ("qt.platform", qt.get("platform"), args.qt_platform),
        ("keyring.backend", keyring.get("backend"), args.keyring),
        ("keyring.usable", keyring.get("usable"), args.keyring.split(".")[2] not in {"fail", "null"}),
        ("zoneinfo.europe_berlin_loads", zones.get("europe_berlin_loads"), True),
    ]
    if args.round_trip:
        expect.append(("keyring.round_trip", keyring.get("round_trip"), True))
    if args.bundled_zones_only:
        expect.append(("zoneinfo.system_data", zones.get("system_data"), False))
    found += [f"{name} is {got!r}, expected {wanted!r}" for name, got, wanted in expect if got != wanted]
    if not str(zones.get("example", "")).endswith(" CET"):
        found.append(f"zoneinfo.example is {zones.get('example')!r}, expected a time in CET")
    if args.qt_text:  # ICU's answers: Qt's ICU data (or the package's smaller copy) has what these need
        text = report.get("qt_text") or {}
        assert isinstance(text, dict)
        found += [f"qt_text.{name} is {text.get(name)!r}, expected {wanted!r}" for name, wanted in QT_TEXT.items()
                  if text.get(name) != wanted]
    if not zones.get("tzdata_package"):
        found.append("the tzdata package is not in the build")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--qt-platform", required=True, help="windows, cocoa, xcb, offscreen")
    parser.add_argument("--keyring", required=True, help="backend class: keyring.backends.Windows.WinVaultKeyring, …")
    parser.add_argument("--round-trip", action="store_true", help="a throwaway key must have been stored and read back")
    parser.add_argument("--bundled-zones-only", action="store_true", help="the run had no system zone data")
    parser.add_argument("--qt-text", action="store_true", help="Qt's collation, zone names, codecs, case from ICU")
    args = parser.parse_args()
    report = json.loads(args.report.read_text(encoding="utf-8"))
    print(json.dumps(report, indent=2))
    found = problems(report, args)
    for problem in found:
        print(f"self-check: {problem}", file=sys.stderr)
    if not found:
        print(f"self-check passed: {args.qt_platform}, {args.keyring}, Europe/Berlin loads")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
