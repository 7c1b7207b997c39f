"""What the modules that add one endpoint each (checkout.py, pricing.py) use of the client.

:class:`inspector.api.client.MetrifoxClient` is not imported there: it loads httpx, and the presentation layer
reads those modules' models. Its one GET path is what they call: the key only in the header, retries, the
deadline and the size cap come with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from inspector.api import errors
    from inspector.api.cancel import CancelToken


class Requester(Protocol):
    _api_key: str

    def _get(
        self,
        path: str,
        params: Mapping[str, str] | None,
        cancel: CancelToken | None,
        *,
        not_found: errors.MetrifoxError,
    ) -> bytes: ...
