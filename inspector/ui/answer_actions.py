"""What the person does with an answer: copy, open links and mail, the raw JSON (format, find, save), saved
answers (open, drop), compare two subscriptions. The only place with the clipboard and the browser."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QMainWindow

from inspector.present.nodes import Node
from inspector.session import Session
from inspector.ui.banner import Banner
from inspector.ui.customer_view import CustomerView


class AnswerActions(QObject):
    """Signals:
        copied(str): what went to the clipboard.
    """

    copied = Signal(str)

    def __init__(self, session: Session, window: QMainWindow, view: CustomerView, error_banner: Banner) -> None:
        super().__init__(window)
        self.session, self.window, self.view, self.error_banner = session, window, view, error_banner
        self.url_opener: Callable[[QUrl], bool] = QtGui.QDesktopServices.openUrl  # replaced in tests
        self.compare_box: QtWidgets.QMessageBox | None = None
        # Asks where to save (a file dialog); replaced in tests.
        self.save_path: Callable[[QtWidgets.QWidget, str, str], str] = _ask_save_path
        self._status = window.statusBar()
        answers = session.answers
        view.copyRequested.connect(self.copy_text)
        view.openLinkRequested.connect(self.open_link)
        view.emailRequested.connect(self.open_mail)
        view.compareRequested.connect(self.compare_subscriptions)
        view.copyNodeJsonRequested.connect(self.copy_node_json)
        view.rawWanted.connect(answers.format_raw)
        view.saveRawRequested.connect(self.save_raw)
        answers.rawReady.connect(view.raw_view.set_raw)
        answers.rawFailed.connect(view.raw_failed)
        answers.copyReady.connect(self.copy_text)
        answers.copyFailed.connect(lambda sentence: self._status.showMessage(sentence, 6000))
        answers.fileFailed.connect(lambda sentence: self.error_banner.show_message(sentence, tone="warning"))

    # ---- copying -----------------------------------------------------------------------------
    def copy_text(self, text: str, what: str) -> None:
        QtGui.QGuiApplication.clipboard().setText(text)
        self._status.showMessage(f"Copied {what}.", 3000)
        self.copied.emit(what)

    def copy_node_json(self, node: Node) -> None:
        self._status.showMessage("Copying…")
        self.session.answers.copy_node_json(node)

    # ---- links and mail ----------------------------------------------------------------------
    def open_link(self, url: str) -> None:
        from inspector.present.links import is_safe_metrifox_link

        if not is_safe_metrifox_link(url):  # checked again here: only https metrifox.com links leave the app
            self._status.showMessage("That link is not a secure metrifox.com address; it was not opened.")
            return
        if not self.url_opener(QUrl(url)):
            self.error_banner.show_message(
                "The browser could not be opened. Use “Copy link” and paste it into your browser.", tone="warning"
            )
        else:
            self._status.showMessage("Opened the page in your browser.", 4000)

    def open_mail(self, url: str) -> None:
        """The mail app with a message to the customer (a mailto: URL made by present/mail.py, already
        percent-encoded: taken as it is, never re-encoded or re-parsed)."""
        if not url.startswith("mailto:") or not url.isascii() or any(ch in url for ch in "\r\n "):
            return
        if not self.url_opener(QUrl.fromEncoded(url.encode("ascii"), QUrl.ParsingMode.StrictMode)):
            self.error_banner.show_message(
                "The mail app could not be opened. Use “Copy link” and paste it into your message.", tone="warning"
            )
        else:
            self._status.showMessage("Opened a message to the customer in your mail app.", 4000)

    # ---- the raw answer ----------------------------------------------------------------------
    def save_raw(self) -> None:
        """Write the whole answer where the person says: Metrifox's JSON byte for byte, with when it was
        fetched and from which host around it (a saved answer of unknown time is written as it was)."""
        from inspector.api.saved import saved_answer
        from inspector.present.messages import saved_file_name

        loaded = self.session.loaded
        if loaded is None:
            return
        name = saved_file_name(loaded.customer_key, loaded.fetched_at)
        path = self.save_path(self.window, "Save the whole answer", name)
        if not path:
            return
        raw = loaded.details.raw_json
        record = self.session.record.raw_json  # the customer record, when it has come: saved beside it
        left_out = False  # the record, when the file would be too large to open again with it
        if loaded.fetched_at is not None:
            raw, left_out = saved_answer(raw, loaded.fetched_at, loaded.host, record)
        body = raw
        try:
            with open(path, "wb") as file:
                file.write(body)
        except OSError as exc:
            self.error_banner.show_message(f"The file could not be saved: {exc.strerror}.", tone="warning")
            return
        if left_out:
            self.error_banner.show_message(
                f"Saved {path} without the customer record: with it the file would be too large to open again.",
                tone="warning",
            )
            return
        self._status.showMessage(f"Saved {path}.", 6000)

    def find_in_raw(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.raw_view)
        self.view.raw_view.open_find()

    # ---- saved answers -----------------------------------------------------------------------
    def open_saved_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, "Open a saved answer", "", "JSON (*.json)")
        if path:
            self.open_saved(path)

    def open_saved(self, path: str) -> None:
        """Show a saved answer offline; a file that is not one gets one sentence and nothing else changes."""
        self.session.answers.open_saved(path)
        self._status.showMessage(f"Opening {path}…", 3000)

    @staticmethod
    def dropped_file(mime: QtCore.QMimeData) -> str | None:
        """The one local .json file dropped on the window, if that is what it is."""
        urls = mime.urls() if mime.hasUrls() else []
        if len(urls) == 1 and urls[0].isLocalFile() and urls[0].toLocalFile().lower().endswith(".json"):
            return urls[0].toLocalFile()
        return None

    # ---- compare -----------------------------------------------------------------------------
    def compare_subscriptions(self, first: Node, second: Node) -> None:
        """Two subscriptions of a product side by side: only the fields that differ, in words."""
        from inspector.present.diff import compare_subscriptions

        lines = compare_subscriptions(first, second)
        box = QtWidgets.QMessageBox(self.window)
        box.setObjectName("compareDialog")
        box.setWindowTitle("Compare subscriptions")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        said = "\n".join(lines) if lines else "They do not differ in any field."
        box.setText(f"{first.label}  →  {second.label}\n\n{said}")  # plain text: API text is never markup
        self.compare_box = box
        box.open()


def _ask_save_path(parent: QtWidgets.QWidget, title: str, name: str) -> str:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, name, "JSON (*.json)")
    return path
