"""The ``make_client`` fixture's type (tests/conftest.py): a MetrifoxClient over the loopback fake."""

from __future__ import annotations

from collections.abc import Callable

from inspector.api.client import MetrifoxClient

MakeClient = Callable[..., MetrifoxClient]
"""``make_client(**options)``: a client for the fake server with fast timeouts; ``options`` override them."""
