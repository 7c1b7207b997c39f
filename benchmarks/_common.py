"""Shared helpers: median of repeated runs, the machine description, the loopback fake API."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def as_installed(env: dict[str, str]) -> dict[str, str]:
    """The environment as an installed app runs in: from bytecode. A wheel or the frozen build carries .pyc files;
    a checkout run with PYTHONDONTWRITEBYTECODE (this machine sets it) compiles every module of the app at every
    start instead. Bytecode goes to build/pycache (not the source tree); the first (warm-up) run writes it."""
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "build" / "pycache")
    return env


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, Python {platform.python_version()}, {os.cpu_count()} cores, {cpu}"


def median_ms(run: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def spread(samples: list[float], unit: str = "ms", digits: int = 0) -> str:
    """Median, then the range and the number of runs: "212 ms (198–240, 9 runs)"."""
    f = f"{{:.{digits}f}}"
    low, mid, high = min(samples), statistics.median(samples), max(samples)
    return f"{f.format(mid)} {unit} ({f.format(low)}–{f.format(high)}, {len(samples)} runs)"


def ratio_spread(ours: list[float], base: list[float]) -> tuple[float, str]:
    """The ratio of medians, and the range of the run-by-run ratios (runs are interleaved in pairs)."""
    ratio = statistics.median(ours) / statistics.median(base)
    pairs = [a / b for a, b in zip(ours, base, strict=False)]
    return ratio, f"{ratio:.2f}x (run by run {min(pairs):.2f}–{max(pairs):.2f}x)"


def verdict(ratio: float, target: float) -> str:
    return "meets target" if ratio <= target else "MISSES target"
