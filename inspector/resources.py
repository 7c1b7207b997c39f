"""Where the bundled resources (icons, demo customers) live: source tree, wheel or PyInstaller bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

DEMO_CUSTOMER_KEY = "cust-nordlicht-7f3k"  # the demo opens on the richest one: five products, EUR and JPY


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [
        Path(getattr(sys, "_MEIPASS", here)) / "resources",  # PyInstaller one-folder bundle
        here / "_resources",  # installed wheel (pyproject force-include)
        here.parent / "resources",  # source checkout / editable install
    ]
    for candidate in candidates:
        if (candidate / "demo").is_dir():
            return candidate
    return candidates[-1]


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def demo_keys() -> list[str]:
    """The built-in demo customers' keys (each demo file is named after its customer key)."""
    return sorted(path.stem for path in resource_path("demo").glob("*.json"))
