"""packaging/linux/install.sh run for real into a folder whose path has a space (and a $): the installed
entry starts the app at that path, and --uninstall takes back the link default it set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "packaging" / "linux" / "install.sh"
APP_ID = "com.metrifox.AccountInspector"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux installer")


def _exec_program(line: str) -> str:
    """The program an Exec= value starts, read as the desktop entry spec says: the string escapes first (\\\\
    is one backslash), then the quoting (inside "…", a backslash makes the next character plain)."""
    value = line.removeprefix("Exec=").replace("%%", "%")
    unescaped, index = [], 0
    while index < len(value):  # the string escape rule
        if value[index] == "\\" and index + 1 < len(value):
            unescaped.append({"\\": "\\", "s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(value[index + 1], "\\"))
            index += 2 if value[index + 1] in "\\sntr" else 1
        else:
            unescaped.append(value[index])
            index += 1
    text = "".join(unescaped)
    assert text.startswith('"'), "the path is quoted"
    program, index = [], 1
    while text[index] != '"':
        if text[index] == "\\":
            index += 1
        program.append(text[index])
        index += 1
    return "".join(program)


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run([bash, str(INSTALL), *args], check=False, env=env, capture_output=True, text=True, timeout=60)


def test_the_entry_starts_the_app_from_a_folder_with_a_space_and_uninstall_takes_back_the_default(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "metrifox-inspector").write_text("#!/bin/sh\n")
    (dist / "metrifox-inspector").chmod(0o755)
    prefix = tmp_path / "Meine Programme $HOME"
    config = tmp_path / "config"
    config.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(config), "PREFIX": str(prefix)}
    installed = _run(str(dist), env=env)
    assert installed.returncode == 0, installed.stderr
    entry = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    (exec_line,) = [line for line in entry.read_text().splitlines() if line.startswith("Exec=")]
    assert _exec_program(exec_line) == str(prefix / "lib" / "metrifox-inspector" / "metrifox-inspector")
    assert exec_line.endswith(" %u")
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        checked = subprocess.run([validate, str(entry)], check=False, capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stdout + checked.stderr

    mimeapps = config / "mimeapps.list"
    others = "[Default Applications]\ntext/html=firefox.desktop\nx-scheme-handler/mailto=thunderbird.desktop\n"
    mimeapps.write_text(others + f"x-scheme-handler/metrifox-inspector={APP_ID}.desktop\n")  # as xdg-mime writes
    removed = _run("--uninstall", env=env)
    assert removed.returncode == 0, removed.stderr
    assert mimeapps.read_text() == others  # only the default it set
    assert not entry.exists()
    assert not (prefix / "lib" / "metrifox-inspector").exists()
