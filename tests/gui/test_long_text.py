"""No text from the API sets a widget's minimum width: a long unbroken name, plan or status never widens
the window, wherever it shows (tree, header, detail title and fields, banners, links)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.documents import example_document, first_subscription, serve
from tests.support.fake_metrifox import FakeMetrifox
from tests.support.windows import EXAMPLE_KEY, OpenWindow, look_up


@pytest.mark.parametrize("length", [200, 1000, 5000])
def test_a_long_unbroken_name_never_widens_the_window(
    qtbot: Any, open_window: OpenWindow, fake: FakeMetrifox, length: int
) -> None:
    def long_texts(data: dict[str, Any]) -> None:
        data["display_name"] = "N" * length
        data["primary_email"] = "e" * length + "@example.com"
        first_subscription(data).update(plan_name="P" * length, status="S" * length)
        data["subscriptions"][0]["product_name"] = "R" * length

    serve(fake, example_document(long_texts))
    window = open_window()
    window.resize(1000, 700)
    look_up(qtbot, window, EXAMPLE_KEY)
    root = window.customer_view.model.root
    assert root is not None
    for _, node in root.walk():
        window.customer_view.select_node(node)
        assert window.minimumSizeHint().width() <= 1000, node.label[:40]
    window.lookups.look_up("N" * length)  # the typed key comes back in the failure banner
    qtbot.waitUntil(window.error_banner.isVisible, timeout=10_000)
    assert window.minimumSizeHint().width() <= 1000
    assert window.width() == 1000
