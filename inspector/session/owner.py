"""What the session's parts (sections, answer work) need of the session, as a protocol: they are given the
session but do not import it, so the package has no import loop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from inspector.fetcher import ClientConfig, Fetcher
    from inspector.session.loaded import LoadedCustomer


class Owner(Protocol):
    @property
    def fetcher(self) -> Fetcher: ...

    @property
    def config(self) -> ClientConfig: ...

    @property
    def loaded(self) -> LoadedCustomer | None: ...

    def show_saved(self, loaded: LoadedCustomer) -> None: ...
