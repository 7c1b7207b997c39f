"""Run the app as a real process, as a user or IT would, with a controlled environment."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def script_module(path: Path, name: str) -> ModuleType:
    """A script of the repository that is no package module (packaging/, requirements/), imported by path."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def listening(name: str) -> bool:
    """Does a local (AF_UNIX) socket at ``name`` accept a connection now?"""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(name)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def app_env(
    home: Path | None = None, *, keyring: str | None = "keyring.backends.fail.Keyring", **extra: str
) -> dict[str, str]:
    """This process's environment without an API key; a throwaway HOME and a chosen keyring backend
    (``keyring=None`` keeps the real one, e.g. the Secret Service of the test session)."""
    env = {k: v for k, v in os.environ.items() if k != "METRIFOX_API_KEY"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if home is not None:
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_STATE_HOME=str(home / ".state"))
    if keyring is not None:
        env["PYTHON_KEYRING_BACKEND"] = keyring
    env.update(extra)
    return env


def run_app(*args: str, env: dict[str, str], stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
