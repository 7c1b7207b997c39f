"""Prove that the lock files install on every platform the app ships for (run by requirements/check.sh).

For each platform, the lock's environment markers are evaluated for that platform (pip would evaluate them
for the machine it runs on), and pip — the installer the set-up and the desktop workflow use — must then find,
for every package that platform needs, a wheel for it whose hash is in the lock:
``pip download --only-binary=:all: --platform … --python-version 3.11 --require-hashes --no-deps``.
Nothing is resolved afresh and nothing is kept (pip's own download cache aside).
"""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

HERE = Path(__file__).resolve().parent
LOCKS = ("dev.lock", "app.lock", "bench.lock")
PYTHON = "3.11"


@dataclass(frozen=True)
class Target:
    name: str
    platforms: tuple[str, ...]
    markers: dict[str, str]


def _markers(sys_platform: str, platform_system: str, os_name: str, machine: str) -> dict[str, str]:
    return {
        "sys_platform": sys_platform,
        "platform_system": platform_system,
        "os_name": os_name,
        "platform_machine": machine,
        "python_version": PYTHON,
        "python_full_version": f"{PYTHON}.9",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


# The oldest system each build promises: macOS 13.0 (LSMinimumSystemVersion; PySide6's wheels are
# macosx_13_0), glibc 2.36 (Debian 12; PySide6 needs manylinux_2_34), 64-bit Windows 10 and later.
TARGETS = (
    Target(
        "linux-x86_64",
        (*(f"manylinux_2_{minor}_x86_64" for minor in range(36, 16, -1)), "manylinux2014_x86_64"),
        _markers("linux", "Linux", "posix", "x86_64"),
    ),
    Target("windows-x86_64", ("win_amd64",), _markers("win32", "Windows", "nt", "AMD64")),
    Target("macos-arm64", ("macosx_13_0_arm64",), _markers("darwin", "Darwin", "posix", "arm64")),
    Target("macos-x86_64", ("macosx_13_0_x86_64",), _markers("darwin", "Darwin", "posix", "x86_64")),
)


@dataclass(frozen=True)
class Pin:
    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def line(self) -> str:
        version = next(iter(self.requirement.specifier)).version
        return f"{self.requirement.name}=={version} " + " ".join(f"--hash={h}" for h in self.hashes)


def read_lock(path: Path) -> list[Pin]:
    """Each pinned requirement of a lock file with its hashes (continuation lines joined, comments dropped)."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pins = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        hashes = tuple(re.findall(r"--hash=(sha256:[0-9a-f]{64})", line))
        spec = re.sub(r"\s--hash=\S+", "", line).split(" #", 1)[0].strip()
        requirement = Requirement(spec)
        requirement.name = canonicalize_name(requirement.name)
        pins.append(Pin(requirement, hashes))
    return pins


def all_pins() -> dict[str, Pin]:
    """Every lock's pins by name; the locks must agree (app and bench are resolved within dev's versions)."""
    pins: dict[str, Pin] = {}
    for name in LOCKS:
        for pin in read_lock(HERE / name):
            seen = pins.setdefault(pin.requirement.name, pin)
            if (str(seen.requirement.specifier), seen.hashes) != (str(pin.requirement.specifier), pin.hashes):
                sys.exit(f"{name}: {pin.requirement.name} differs from another lock; run requirements/update.sh")
    return pins


def check(target: Target, pins: dict[str, Pin], work: Path) -> tuple[str, int, str]:
    """pip's answer for one platform: (target, packages, error text or "")."""
    needed = [p for p in pins.values() if p.requirement.marker is None or p.requirement.marker.evaluate(target.markers)]
    requirements = work / f"{target.name}.txt"
    requirements.write_text("\n".join(p.line for p in needed) + "\n", encoding="utf-8")
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
        "--only-binary=:all:", "--no-deps", "--require-hashes", "--python-version", PYTHON,
        "--implementation", "cp", "--abi", "cp311", "--abi", "abi3", "--abi", "none",
        *(arg for platform in target.platforms for arg in ("--platform", platform)),
        "-r", str(requirements), "-d", str(work / target.name),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    problem = "" if done.returncode == 0 else (done.stderr.strip() or done.stdout.strip())
    wheels = sorted((work / target.name).glob("*.whl")) if not problem else []
    if not problem and len(wheels) != len(needed):
        problem = f"{len(needed)} packages needed, {len(wheels)} wheels downloaded"
    if not problem:
        problem = "\n".join(_unlisted_dependencies(wheels, {p.requirement.name for p in needed}, target))
    return target.name, len(needed), problem


def _unlisted_dependencies(wheels: list[Path], listed: set[str], target: Target) -> list[str]:
    """What a wheel needs on ``target`` that the lock does not give that platform (pip, run on Linux, would
    evaluate the markers for Linux and never notice keyring's pywin32-ctypes missing for Windows)."""
    environment = {**target.markers, "extra": ""}
    problems = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
            metadata = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"), headersonly=True)
        for text in metadata.get_all("Requires-Dist") or []:
            needed = Requirement(text)
            if needed.marker is not None and not needed.marker.evaluate(environment):
                continue
            if canonicalize_name(needed.name) not in listed:
                problems.append(f"{wheel.name} needs {needed} on {target.name}; the locks do not list it")
    return problems


def main() -> int:
    started = time.monotonic()
    pins = all_pins()
    missing = [name for name, pin in pins.items() if not pin.hashes]
    if missing:
        print(f"No hash in the locks for: {', '.join(missing)}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="lock-check-") as tmp, ThreadPoolExecutor(len(TARGETS)) as pool:
        results = list(pool.map(lambda target: check(target, pins, Path(tmp)), TARGETS))
    failed = False
    for name, count, problem in results:
        if problem:
            failed = True
            print(f"{name}: FAILED\n{problem}", file=sys.stderr)
        else:
            print(f"{name}: all {count} packages have a hashed wheel for this platform")
    print(f"lock check: {len(pins)} pins in {', '.join(LOCKS)}, {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
