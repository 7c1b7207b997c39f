"""The session: the one owner of the app's state (see core.py), with the account's sections and the work
on whole answers it owns."""

from inspector.session.core import Session
from inspector.session.loaded import LoadedCustomer

__all__ = ["LoadedCustomer", "Session"]
