"""The loopback fake Metrifox as a process of its own, for the packaged app's smoke test:

    python -m tests.support.serve_fake DIR    (until it is stopped: SIGTERM)

writes ``DIR/urls`` (the API and meter base URLs, one a line) once it listens, and ``DIR/requests`` (each
request's path, one a line, as they come), so the shell can check what the built app asked for.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.support.fake_metrifox import FakeMetrifox


def main(folder: Path) -> None:
    with FakeMetrifox() as fake:
        written = 0
        (folder / "urls").write_text(f"{fake.base_url}\n{fake.meter_url}\n", encoding="utf-8")
        with (folder / "requests").open("a", encoding="utf-8") as log:
            while True:
                time.sleep(0.05)
                seen = fake.requests[written:]
                written += len(seen)
                log.writelines(f"{request.method} {request.raw_path}\n" for request in seen)
                log.flush()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
