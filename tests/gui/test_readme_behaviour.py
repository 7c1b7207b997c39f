"""What the README promises about the window, each checked: the search shortcut, a key from the
environment (status bar and key dialog), and Help → Open log folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction

from inspector.logs import log_dir
from inspector.settings import Settings
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import MemoryKeyring
from tests.support.windows import EXAMPLE_KEY, look_up, make_window


def test_ctrl_shift_f_opens_the_search(qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> None:
    window = make_window(qtbot, Settings(tmp_path / "s.ini"), MemoryKeyring(), "--base-url", fake.base_url)
    assert window.searches.dialog is None
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.searches.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.objectName() == "searchDialog"
    dialog.reject()


def test_a_key_from_the_environment_is_said_in_the_status_bar_and_the_key_dialog(
    qtbot: Any, tmp_path: Path, fake: FakeMetrifox
) -> None:
    saved = MemoryKeyring()
    saved.set_password("metrifox-inspector", "Production", "a-saved-key-that-loses")
    window = make_window(
        qtbot,
        Settings(tmp_path / "s.ini"),
        saved,
        "--base-url",
        fake.base_url,
        environ={"METRIFOX_API_KEY": TEST_API_KEY},
    )
    assert window.key_source_label.text() == "Key: from METRIFOX_API_KEY · Production"
    look_up(qtbot, window, EXAMPLE_KEY)  # the environment's key is the one sent
    assert fake.requests[-1].headers["x-api-key"] == TEST_API_KEY
    window.keys.open()
    dialog = window.keys.dialog
    assert dialog is not None
    texts = [label.text() for label in dialog.findChildren(type(window.key_source_label))]
    assert "METRIFOX_API_KEY is set in the environment, so that key is used instead of a saved one." in texts
    dialog.reject()


def test_help_opens_the_log_folder(qtbot: Any, tmp_path: Path, fake: FakeMetrifox) -> None:
    window = make_window(qtbot, Settings(tmp_path / "s.ini"), MemoryKeyring(), "--base-url", fake.base_url)
    action = next(a for a in window.findChildren(QAction) if a.text() == "Open &log folder")
    action.trigger()
    assert window.opened == [QUrl.fromLocalFile(str(log_dir())).toString()]  # type: ignore[attr-defined]
    assert log_dir().is_dir()
