"""Headless mode: --print / --json over real HTTP, exit codes, one sentence on stderr, no traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from inspector.app import main
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.process import app_env, run_app

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_KEYS = ["cust-mljp3ra6ffjm", "cust-nordlicht-7f3k", "cust-sparse-01", "cust-drifted-42"]


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRIFOX_API_KEY", TEST_API_KEY)


@pytest.mark.parametrize("customer_key", FIXTURE_KEYS)
def test_print_every_fixture(
    customer_key: str, fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--print", customer_key, "--base-url", fake.base_url]) == 0
    out = capsys.readouterr().out
    raw = json.loads(fake.customers[customer_key])["data"]
    assert out.splitlines()[0].startswith(raw["display_name"] or raw["customer_key"])
    assert f"Customer key: {customer_key}" in out
    for product in raw["subscriptions"]:
        assert (product["product_name"] or product["product_key"]) in out


@pytest.mark.parametrize("customer_key", FIXTURE_KEYS)
def test_json_every_fixture_keeps_everything(
    customer_key: str, fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--print", customer_key, "--json", "--base-url", fake.base_url]) == 0
    printed = json.loads(capsys.readouterr().out)
    raw = json.loads(fake.customers[customer_key])
    assert set(raw["data"]) <= set(printed["data"])  # unknown fields included


def test_print_shows_unknown_fields(fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--print", "cust-drifted-42", "--base-url", fake.base_url])
    out = capsys.readouterr().out
    assert "Health score (new field): 87" in out
    assert "Seat policy (new field)" in out
    assert "grace_period" in out


FAULTS = [
    ("status", {"status": 401}, "did not accept the API key"),
    ("status", {"status": 403}, "not allowed"),
    ("status", {"status": 404}, "No customer with this key"),
    ("status", {"status": 422}, "could not accept"),
    ("status", {"status": 429, "headers": {"Retry-After": "600"}}, "Try again in 10 minutes"),
    ("status", {"status": 500}, "having trouble"),
    ("truncated", {}, "cut off"),
    ("invalid_json", {}, "cannot read"),
    ("html", {}, "cannot read"),
    ("empty", {}, "empty answer"),
    ("oversized", {"size": 10**9}, "too large"),
    ("redirect", {}, "unexpected address"),
]


@pytest.mark.parametrize(("kind", "options", "sentence"), FAULTS)
def test_faults_exit_1_with_one_sentence(
    kind: str,
    options: dict[str, Any],
    sentence: str,
    fake: FakeMetrifox,
    keyed: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake.fail(kind, **options)
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert sentence in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err
    assert TEST_API_KEY not in captured.err


def test_usage_errors_exit_2(fake: FakeMetrifox, keyed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", "  ", "--base-url", fake.base_url]) == 2
    assert main(["--print", "x", "--base-url", "http://example.com/"]) == 2
    assert "https" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["--no-such-flag"])
    assert caught.value.code == 2


def test_no_key_exits_3(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 3
    assert "No API key" in capsys.readouterr().err


def test_key_from_keyring_is_used(fake: FakeMetrifox, capsys: pytest.CaptureFixture[str]) -> None:
    import keyring

    keyring.set_password("metrifox-inspector", "Production", TEST_API_KEY)
    assert main(["--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url]) == 0


def test_demo_print_needs_no_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", "cust-nordlicht-7f3k", "--demo"]) == 0
    assert "¥1,200" in capsys.readouterr().out


def test_real_process_exit_codes_and_no_traceback(fake: FakeMetrifox, isolated_home: Path) -> None:
    env = app_env(isolated_home, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
    no_key = run_app("--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url, env=env)
    assert no_key.returncode == 3
    assert "Traceback" not in no_key.stderr
    env["METRIFOX_API_KEY"] = TEST_API_KEY
    ok = run_app("--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url, env=env)
    assert ok.returncode == 0
    assert "Deliveroo" in ok.stdout
    fake.fail("status", status=503, times=10)
    down = run_app("--print", "cust-mljp3ra6ffjm", "--base-url", fake.base_url, env=env)
    assert down.returncode == 1
    assert down.stderr.strip() == "Metrifox is having trouble right now. Try again in a few minutes."
    stored = run_app("--store-key", env=env, stdin="abc\n")
    assert stored.returncode == 1
    assert "password store is not available" in stored.stderr  # fail backend
