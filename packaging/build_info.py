"""What the package says about itself, made from inspector/__init__.py's version at build time (used by
metrifox-inspector.spec; tests/unit/test_build_info.py checks it on any platform)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

BUNDLE_ID = "com.metrifox.AccountInspector"
URL_SCHEME = "metrifox-inspector"  # helpdesk links; inspector/handoff.py reads them (macOS: a FileOpen event)
# PySide6-Essentials 6.11's macOS wheels are tagged macosx_13_0 (requirements/check_platforms.py installs
# them for exactly that system): Qt refuses to start on anything older.
MACOS_MINIMUM = "13.0"
GUI_EXE = "metrifox-inspector"
CONSOLE_EXE = "metrifox-inspector-cli"


# Image-format plugins kept, by name without prefix and suffix: libqico.so (Linux), libqico.dylib (macOS),
# qico.dll (Windows, no "lib": matching "libqico" there dropped every image plugin). PNG is built into QtGui.
KEEP_IMAGE_FORMATS = frozenset({"qico", "qjpeg", "qgif"})


def image_plugin_kept(dest: str) -> bool:
    """Whether a file the build collects under plugins/imageformats/ stays (other files: always)."""
    dest = dest.replace("\\", "/")
    if "/imageformats/" not in f"/{dest}":
        return True
    return PurePosixPath(dest).stem.removeprefix("lib") in KEEP_IMAGE_FORMATS


def numeric_version(version: str) -> tuple[int, int, int]:
    """``0.1.0`` → (0, 1, 0); a suffix (``0.2.0rc1``, ``1.0.dev3``) is dropped, missing parts are 0."""
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    major, minor, patch = (int(part or 0) for part in match.groups())
    return major, minor, patch


def windows_version_info(version: str, exe: str = GUI_EXE) -> str:
    """The text of PyInstaller's Windows version resource (``EXE(version=…)``) for this version and exe."""
    four = (*numeric_version(version), 0)
    dotted = ".".join(str(part) for part in numeric_version(version))
    return f"""# Made by packaging/build_info.py from inspector.__version__ at build time; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'Metrifox'),
      StringStruct('FileDescription', 'Metrifox Account Inspector'),
      StringStruct('FileVersion', '{dotted}'),
      StringStruct('InternalName', '{exe}'),
      StringStruct('LegalCopyright', 'MIT licence'),
      StringStruct('OriginalFilename', '{exe}.exe'),
      StringStruct('ProductName', 'Metrifox Account Inspector'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def macos_info_plist(version: str) -> dict[str, Any]:
    """Info.plist entries for the .app (PyInstaller adds the bundle id, name, icon and executable)."""
    dotted = ".".join(str(part) for part in numeric_version(version))
    return {
        "CFBundleExecutable": GUI_EXE,  # not the console exe beside it in Contents/MacOS
        "CFBundleShortVersionString": dotted,
        "CFBundleVersion": dotted,  # up to three integers, as Apple requires
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "LSBackgroundOnly": False,  # the console exe in the same COLLECT would otherwise make it True
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow dark mode
        "CFBundleURLTypes": [
            {"CFBundleURLName": f"{BUNDLE_ID}.link", "CFBundleURLSchemes": [URL_SCHEME], "CFBundleTypeRole": "Viewer"}
        ],
    }
