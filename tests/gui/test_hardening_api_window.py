"""The API layer against a hostile or broken server: slow bytes, compression bombs, odd headers, bad TLS.

Each test here failed before the fix it guards (issue: Hardening).
"""

from __future__ import annotations

from typing import Any

from inspector.api import errors
from tests.support.fake_metrifox import FakeMetrifox
from tests.support.windows import OpenWindow

CUSTOMER = "cust-mljp3ra6ffjm"


# ---- the overall deadline holds for every byte ------------------------------------------------
def test_the_window_gives_up_at_the_deadline_on_a_trickling_server(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox
) -> None:
    window = open_window()  # FAST: per read 0.5 s, overall 1 s
    fake.fail("trickle_headers", seconds=0.1, times=5)
    window.lookup_bar.search.setText(CUSTOMER)
    with qtbot.waitSignal(window.session.lookupFailed, timeout=5000) as failed:
        window.lookups.look_up()
    assert isinstance(failed.args[0], errors.TimedOut)
