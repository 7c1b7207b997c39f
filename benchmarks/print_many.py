"""Benchmark: many customers at once, headless (issue 22, item 5).

1,000 distinct customer keys against the loopback fake API, every request answered after 100 ms; each
customer is two requests (its details, then its current subscription's invoices, as --summary fetches it).
The real command runs as a child process (``python -m inspector --print-many KEYS --csv``); measured: wall
time from start to exit, the child's peak RSS, requests per second. The peak is the child's own ``VmHWM``
(/proc/PID/status), read every 20 ms until it exits: ``ru_maxrss`` of a child is no use here, as Linux folds
the RSS the child had before ``exec`` — this process's, with the fake's 1,000 answers — into it.
Targets: <= 20 s and < 200 MB. Run: .venv-bench/bin/python benchmarks/print_many.py [--keys 1000]
[--latency 0.1] [--concurrency N] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine

from inspector.many.run import DEFAULT_CONCURRENCY
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.many import clone_customers, many_keys

TARGET_SECONDS = 20.0
TARGET_MB = 200.0


def run_once(fake: FakeMetrifox, keys: Path, concurrency: int | None, home: Path) -> tuple[float, float, int, int]:
    """Wall seconds, peak RSS in MB, rows written, exit code."""
    env = {k: v for k, v in os.environ.items() if k != "METRIFOX_API_KEY"}
    env.update(
        METRIFOX_API_KEY=TEST_API_KEY,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".state"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        QT_QPA_PLATFORM="offscreen",
    )
    command = [sys.executable, "-m", "inspector", "--print-many", str(keys), "--csv", "--base-url", fake.base_url]
    if concurrency is not None:
        command += ["--concurrency", str(concurrency)]
    out = home / "rows.csv"
    before = len(fake.requests)
    with out.open("wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        peak_kb = 0
        while child.poll() is None:
            peak_kb = max(peak_kb, _high_water_kb(child.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - started
    assert child.stderr is not None
    sys.stderr.write(child.stderr.read().decode())
    rows = len(out.read_text().splitlines()) - 1
    requests = len(fake.requests) - before
    print(f"  requests answered: {requests:,} ({requests / wall:.0f}/s)")
    return wall, peak_kb * 1024 / 1e6, rows, child.returncode  # MB = 10^6 bytes


def _high_water_kb(pid: int) -> int:
    """The process's peak resident set since its exec (kB); 0 once it is gone or before it has exec'd."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=None, help=f"default: the app's ({DEFAULT_CONCURRENCY})")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (the machine is shared: other work runs meanwhile)")
    concurrency = args.concurrency or DEFAULT_CONCURRENCY
    with FakeMetrifox(clone_customers(args.keys, "cust-bench-")) as fake, tempfile.TemporaryDirectory() as tmp:
        fake.latency = args.latency
        home = Path(tmp)
        keys = home / "keys.txt"
        keys.write_text("".join(f"{key}\n" for key in many_keys(args.keys, "cust-bench-")))
        for run in range(1, args.runs + 1):
            print(f"run {run}: {args.keys:,} keys, {args.latency * 1000:.0f} ms a request, concurrency {concurrency}")
            wall, peak_mb, rows, code = run_once(fake, keys, args.concurrency, home)
            assert rows == args.keys, rows
            assert code == 0, code
            met = "met" if wall <= TARGET_SECONDS else "MISSED"
            if (args.keys, args.latency) != (1000, 0.1):
                met = "the target is for 1,000 keys at 100 ms"
            print(f"  wall time: {wall:.2f} s (target <= {TARGET_SECONDS:.0f} s: {met})")
            met = "met" if peak_mb < TARGET_MB else "MISSED"
            print(f"  peak RSS of the command: {peak_mb:.1f} MB (target < {TARGET_MB:.0f} MB: {met})")
            print(f"  customers per second: {args.keys / wall:.1f}; most requests at once: {fake.max_in_flight}")
            fake.max_in_flight = 0


if __name__ == "__main__":
    main()
