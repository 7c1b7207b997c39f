"""Benchmark 4: memory that is let go. The real window (offscreen) over the loopback fake API; each run in a
fresh process, three runs per scenario, RSS measured from outside the Python heap (/proc):

  f5         F5 ten times on the large (8 MB) customer                      target < 40 MB growth
  alternate  ten look-ups alternating the large customer with another      target < 40 MB growth
  day        a day's pattern: 35 look-ups of five customers, every section
             (and every section inside a section) opened each time         target <  8 MB growth

Growth is RSS at the end minus RSS after one warm cycle of the same work (fonts, caches, pooled connections,
pydantic's validators are made once and kept). Run: .venv/bin/python benchmarks/memory.py [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import shiboken6
from _common import machine

TARGETS_MB = {"f5": 40.0, "alternate": 40.0, "day": 8.0}
LARGE = "cust-large-0001"
FIVE = ["cust-mljp3ra6ffjm", "cust-nordlicht-7f3k", "cust-sparse-01", "cust-drifted-42", "cust-mljp3ra6ffjm"]


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _unopened(root: Any, opened: set[int]) -> list[Any]:
    from inspector.present.nodes import NodeKind

    return [n for n in root.walk_built() if n.kind is NodeKind.SECTION and id(n) not in opened and n.state == ""]


def _loading(node: Any) -> bool:
    return node.state not in {"loaded", "failed"} or [c.label for c in node.children] == ["Loading…"]


class Day:
    """The window over the fake API, and what a person does with it."""

    def __init__(self, fake: Any) -> None:
        from _window import open_window

        self.window = open_window(fake)
        self.view = self.window.customer_view

    def look_up(self, key: str) -> None:
        from _window import wait_for

        self.window.lookup_bar.search.setText(key)
        self.window.lookups.look_up()
        wait_for(self.window.customerShown)

    def refresh(self) -> None:
        from _window import wait_for

        self.window.session.retry()
        wait_for(self.window.customerShown)

    def open_every_section(self) -> None:
        from _window import wait_for

        opened: set[int] = set()
        while waiting := _unopened(self.view.model.root, opened):
            for node in waiting:  # as if each row were expanded (those under closed rows too)
                opened.add(id(node))
                self.window.session.sections.open(node)
            while any(_loading(node) for node in waiting):
                wait_for(self.view.model.rowsReplaced, 5_000)

    def settle(self) -> None:
        """Wait until every background job has ended (a comparison may still run after the last answer)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        from inspector.jobs import Job

        while True:
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
            if not any(isinstance(o, Job) and shiboken6.isValid(o) for o in gc.get_objects()):
                return

    def cycle(self, scenario: str) -> None:
        if scenario == "f5":
            for _ in range(10):
                self.refresh()
        elif scenario == "alternate":
            for index in range(10):
                self.look_up(LARGE if index % 2 == 0 else "cust-nordlicht-7f3k")
        else:
            for index in range(35):
                self.look_up(FIVE[index % len(FIVE)])
                self.open_every_section()


def _run(scenario: str) -> dict[str, float]:
    from tests.support.fake_metrifox import FakeMetrifox, large_customer

    with FakeMetrifox() as fake:
        fake.customers[LARGE] = large_customer()
        day = Day(fake)
        if scenario == "f5":
            day.look_up(LARGE)
        day.cycle(scenario)  # warm: what is made once and kept
        day.settle()
        warm = rss_mb()
        day.cycle(scenario)
        day.settle()
        after = rss_mb()
        day.window.close()
    return {"warm": warm, "after": after, "growth": after - warm}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenario", choices=[*TARGETS_MB, "all"], default="all")
    parser.add_argument("--one", choices=list(TARGETS_MB), help=argparse.SUPPRESS)  # a single run, in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_run(args.one)))
        return
    print(f"machine: {machine()}")
    scenarios = list(TARGETS_MB) if args.scenario == "all" else [args.scenario]
    for scenario in scenarios:
        target = TARGETS_MB[scenario]
        for run in range(1, args.runs + 1):
            done = subprocess.run(
                [sys.executable, str(Path(__file__)), "--one", scenario],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            verdict = "meets target" if figures["growth"] < target else "MISSES target"
            print(
                f"{scenario:9} run {run}: RSS {figures['warm']:.1f} -> {figures['after']:.1f} MB, "
                f"growth {figures['growth']:+.1f} MB (target < {target:.0f} MB: {verdict})"
            )


if __name__ == "__main__":
    main()
