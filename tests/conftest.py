from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from inspector.api.client import MetrifoxClient
from inspector.api.retry import RetryPolicy
from tests.support.fake_metrifox import TEST_API_KEY, FakeMetrifox
from tests.support.memory_keyring import MemoryKeyring
from tests.support.windows import open_window  # noqa: F401 - a fixture for every window test

FAST_RETRY = RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.01, retry_after_cap=2.0)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own HOME and XDG dirs, no key in the environment, an in-memory keyring."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("METRIFOX_API_KEY", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield home
    keyring.set_keyring(previous)


@pytest.fixture
def fake() -> Iterator[FakeMetrifox]:
    with FakeMetrifox() as server:
        yield server


@pytest.fixture
def make_client(fake: FakeMetrifox) -> Iterator[object]:
    clients: list[MetrifoxClient] = []

    def factory(**kwargs: object) -> MetrifoxClient:
        options: dict[str, object] = {"timeout": 2.0, "total_timeout": 5.0, "retry": FAST_RETRY}
        options.update(kwargs)
        key = options.pop("api_key", TEST_API_KEY)
        base_url = options.pop("base_url", fake.base_url)
        client = MetrifoxClient(key, base_url, **options)  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()
