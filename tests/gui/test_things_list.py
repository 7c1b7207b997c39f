"""The things-to-check list's height: its rows' up to a cap, measured only as far as the cap (a large account
has hundreds of wrapped sentences; measuring each froze the turn that shows the customer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QListView

from inspector.ui.things_list import MOST_HEIGHT, fitted_height, things_list


def test_the_list_is_as_tall_as_its_rows_up_to_the_cap(qtbot: Any) -> None:
    things = things_list()
    qtbot.addWidget(things)
    things.resize(900, MOST_HEIGHT)
    things.show()
    things.addItems(["⚠  One thing to check.", "⚠  Another."])
    rows = things.sizeHintForRow(0) + things.sizeHintForRow(1)
    assert rows > 0
    assert fitted_height(things) == 2 * things.frameWidth() + 6 + rows
    things.addItems([f"⚠  Thing {n}." for n in range(300)])
    assert fitted_height(things) == MOST_HEIGHT
    assert things.layoutMode() is QListView.LayoutMode.Batched  # laid out a batch per turn, not 300 at once


def test_hundreds_of_things_are_listed_a_batch_per_turn_and_the_same_list_is_left_alone(qtbot: Any) -> None:
    from inspector.present.hints import Hint
    from inspector.ui import things_list as view_module
    from inspector.ui.customer_view import CustomerView

    view = CustomerView()
    qtbot.addWidget(view)
    view.show()
    found = [Hint(f"Thing {n} to check.", f"$.data.subscriptions[{n}]") for n in range(300)]
    view.thing_note = lambda hint: "Say more." if hint.json_path.endswith("[7]") else None
    view.show_things_to_check(found)
    assert view.things.count() == view_module.THINGS_AT_ONCE < len(found)  # those that fit, now
    assert view.things_toggle.text() == "▾ 300 things to check"  # all of them counted
    qtbot.waitUntil(lambda: view.things.count() == len(found), timeout=5000)  # the rest, a batch per turn
    assert [view.things.item(n).text() for n in (0, 299)] == ["⚠  Thing 0 to check.", "⚠  Thing 299 to check."]
    assert "Say more." in view.things.item(7).toolTip()  # the note, where there is one
    assert "Thing 8 to check." in view.things.item(8).toolTip()
    first = view.things.item(0)
    view.show_things_to_check(list(found))  # the same again (an answer that changed nothing)
    assert view.things.item(0) is first  # not made again
    view.show_things_to_check([])
    view.show_things_to_check(found)  # 30 now, the rest on later turns ...
    assert view.things.count() < len(found)
    view.show_things_to_check(found[:2])  # ... but another list comes before those turns: only it is listed
    with qtbot.waitSignal(view.things.model().rowsInserted, timeout=200, raising=False):
        pass
    assert [view.things.item(n).text() for n in range(view.things.count())] == [
        "⚠  Thing 0 to check.",
        "⚠  Thing 1 to check.",
    ]
    assert view.things_toggle.text() == "▾ 2 things to check"
