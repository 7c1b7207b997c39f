"""Hardening round 3 (issue 17) on the command line: ``inspector.app.main([...])`` and real processes."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QSettings

from inspector import cli
from inspector.app import main
from tests.support.documents import example_document
from tests.support.fake_metrifox import EXAMPLE, EXAMPLE_SUBSCRIPTION, TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import BrokenKeyring, MemoryKeyring


def _err_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# ---- 1. saved answers that are not regular files ------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_print_file_and_diff_refuse_a_symlink_to_a_device(
    device: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "answer.json"
    link.symlink_to(device)
    good = tmp_path / "good.json"
    good.write_bytes(EXAMPLE.read_bytes())
    assert main(["--print-file", str(link)]) == 2
    assert _err_line(capsys) == "answer.json is not a file that can hold a saved Metrifox answer."
    assert main(["--diff", str(good), str(link)]) == 2
    assert _err_line(capsys) == "answer.json is not a file that can hold a saved Metrifox answer."


def test_print_file_and_diff_refuse_a_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["--print-file", str(fifo)]) == 2
    assert _err_line(capsys) == "pipe.json is not a file that can hold a saved Metrifox answer."
    assert main(["--diff", str(fifo), str(fifo)]) == 2
    assert _err_line(capsys) == "pipe.json is not a file that can hold a saved Metrifox answer."


# ---- 6. odd base addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--base-url", "--meter-url"])
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://xn--/", "A part of the address's host name starts or ends with a hyphen."),
        ("https://xn--a.com/", "The address's host name has a part starting with xn-- that is not a valid"),
        ("https://a..b/", "The address's host name has an empty part (two dots in a row, or a dot at the start)."),
        ("", "The address is empty: give one that starts with https://."),
    ],
)
def test_odd_base_addresses_exit_2_with_the_true_reason(
    option: str, url: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--print", "cust-mljp3ra6ffjm", option, url]) == 2
    assert _err_line(capsys).startswith(f"{option}: {reason}")


# ---- 2. a profile without a meter address ---------------------------------------------------------------


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


NO_METER = (
    "The profile 'Production' has no meter service address (for usage events and access checks): "
    "give one with --meter-url or METRIFOX_METER_SERVICE_BASE_URL, or add it to the profile."
)


def test_meter_features_without_a_meter_address_exit_2(
    fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another API address with no meter address: the key must not go to production's meter host."""
    assert main(["--check-access", "cust-mljp3ra6ffjm", "api_calls", "--base-url", fake.base_url]) == 2
    assert _err_line(capsys) == NO_METER
    assert main(["--print", "cust-mljp3ra6ffjm", "--with", "events", "--base-url", fake.base_url]) == 2
    assert _err_line(capsys) == NO_METER
    assert fake.requests == []  # nothing was sent anywhere
    assert main(["--print", "cust-mljp3ra6ffjm", "--with", "invoices", "--base-url", fake.base_url]) == 0


def test_an_old_profile_without_a_meter_address(
    fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    old = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Metrifox", "AccountInspector")
    old.setValue("profiles/list", [f"Local\t{fake.base_url}"])  # written by a version without meter addresses
    old.sync()
    assert main(["--check-access", "cust-mljp3ra6ffjm", "api_calls", "--profile", "Local"]) == 2
    assert _err_line(capsys) == NO_METER.replace("'Production'", "'Local'")


def test_the_meter_address_from_the_environment(
    fake: FakeMetrifox, keyed: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("METRIFOX_METER_SERVICE_BASE_URL", fake.meter_url)
    assert main(["--check-access", "cust-mljp3ra6ffjm", "api_calls", "--base-url", fake.base_url]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "For 1: yes — 2,500 left, 7,500 used"
    assert any("usage/access" in r.raw_path and r.raw_path.startswith("/meter/") for r in fake.requests)
    monkeypatch.setenv("METRIFOX_METER_SERVICE_BASE_URL", "http://meter.example.com/")
    assert main(["--check-access", "cust-mljp3ra6ffjm", "api_calls", "--base-url", fake.base_url]) == 2
    assert _err_line(capsys).startswith("METRIFOX_METER_SERVICE_BASE_URL: The API address must start with https://")
    # --meter-url comes first
    assert (
        main(
            [
                "--check-access",
                "cust-mljp3ra6ffjm",
                "api_calls",
                "--base-url",
                fake.base_url,
                "--meter-url",
                fake.meter_url,
            ]
        )
        == 0
    )


# ---- 3. deep nesting ------------------------------------------------------------------------------------


def _deep_answer(levels: int) -> bytes:
    def change(data: dict[str, object]) -> None:
        data["weird"] = "__DEEP__"

    return json.dumps(example_document(change)).replace('"__DEEP__"', "[" * levels + "]" * levels).encode()


def test_print_json_print_file_and_diff_of_a_deeply_nested_answer(
    fake: FakeMetrifox, keyed: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.customers["cust-mljp3ra6ffjm"] = _deep_answer(600)
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 0
    assert "    · Weird (new field): nested too deeply: 600 levels" in capsys.readouterr().out.splitlines()
    assert main(["--print", "cust-mljp3ra6ffjm", "--json", "--base-url", fake.base_url]) == 0
    assert "nested too deeply: 502 levels" in json.dumps(json.loads(capsys.readouterr().out))
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_bytes(_deep_answer(600))
    new.write_bytes(_deep_answer(650))
    assert main(["--print-file", str(old)]) == 0
    assert "nested too deeply: 600 levels" in capsys.readouterr().out
    assert main(["--diff", str(old), str(new)]) == 0
    assert capsys.readouterr().out == (
        "Uppender Lala — Weird: nested too deeply: 600 levels → nested too deeply: 650 levels\n"
    )


def test_deeper_than_the_decoder_can_go(
    fake: FakeMetrifox, keyed: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "deep.json"
    saved.write_bytes(_deep_answer(3000))
    assert main(["--print-file", str(saved)]) == 2
    assert _err_line(capsys) == "deep.json cannot be shown: nested too deeply: 3002 levels."
    fake.customers["cust-mljp3ra6ffjm"] = _deep_answer(3000)
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 1
    assert _err_line(capsys) == "Metrifox sent an answer this app cannot show: nested too deeply: 3002 levels."


# ---- 5. a locked, failing or hanging keyring ------------------------------------------------------------


class LockedException(Exception):
    """Named like secretstorage's: the Secret Service collection is locked."""


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise LockedException("the collection is locked")


class HungKeyring(MemoryKeyring):
    """A password store whose prompt nobody answers (released when the test ends)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait()
        return None


@pytest.mark.parametrize(
    ("backend", "why"),
    [
        (LockedKeyring, "the password store is locked (unlock it, then try again)"),
        (BrokenKeyring, "the password store reported an error (RuntimeError)"),
        (HungKeyring, "the password store did not answer in time"),
    ],
)
@pytest.mark.parametrize("command", ["--print", "--check-access"])
def test_an_unreadable_keyring_is_said_as_the_window_says_it_exit_1(
    backend: type[KeyringBackend],
    why: str,
    command: str,
    fake: FakeMetrifox,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = backend()
    keyring.set_keyring(store)
    monkeypatch.setattr(cli, "KEYRING_TIMEOUT", 0.05)
    args = ["cust-mljp3ra6ffjm", "api_calls"] if command == "--check-access" else ["cust-mljp3ra6ffjm"]
    try:
        code = main([command, *args, "--base-url", fake.base_url, "--meter-url", fake.meter_url])
    finally:
        if isinstance(store, HungKeyring):
            store.release.set()
    assert code == 1
    assert _err_line(capsys) == f"Your saved API key could not be read: {why}."
    assert fake.requests == []


def test_no_key_still_exits_3(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 3
    assert _err_line(capsys).startswith("No API key is set.")
    keyring.set_keyring(FailKeyring())  # no password store at all: no key can be set there either
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 3


# ---- 7. --quantity ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("quantity", ["²", "5" * 5000, "٣", "３", "0", "1000000001", "-3"])
def test_quantity_outside_the_rule_exits_2(
    quantity: str, fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--check-access", "cust-mljp3ra6ffjm", "api_calls", "--base-url", fake.base_url]
    assert main([*args, "--meter-url", fake.meter_url, f"--quantity={quantity}"]) == 2
    assert _err_line(capsys) == (
        "--quantity: Give the quantity as a whole number from 1 to 1,000,000,000, in the digits 0 to 9."
    )
    assert fake.requests == []


def test_quantity_at_the_limit_is_sent_as_ascii(
    fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--check-access", "cust-mljp3ra6ffjm", "api_calls", "--base-url", fake.base_url]
    assert main([*args, "--meter-url", fake.meter_url, "--quantity", "1000000000"]) == 0
    assert "quantity=1000000000" in fake.requests[-1].raw_path


# ---- 11. a proxy's 403 ---------------------------------------------------------------------------------


def test_a_proxys_403_on_the_command_line(fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail("html", status=403)
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 1
    assert _err_line(capsys) == (
        "Something between this computer and Metrifox (a proxy or firewall) refused the request, so it never "
        "reached Metrifox. Ask IT to allow the Metrifox API address."
    )


def test_json_with_sections_holding_a_deeply_nested_field(
    fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    for invoice in fake.account["invoices"][EXAMPLE_SUBSCRIPTION]:
        invoice["weird"] = json.loads("[" * 600 + "]" * 600)
    args = ["--print", "cust-mljp3ra6ffjm", "--with", "invoices", "--json", "--base-url", fake.base_url]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "nested too deeply: " in printed
    assert json.loads(printed)["sections"][0]["name"] == "invoices"
