"""A saved answer (the raw JSON of ``customers/{key}/details``, e.g. from "Save the whole answer…") read back:
offline, through the same parser and checks as a live answer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from inspector.api import errors
from inspector.api.client import DEFAULT_MAX_BODY_BYTES
from inspector.api.models import CustomerDetails
from inspector.api.parsing import parse_customer_details


def read_saved_answer(path: str | Path, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> tuple[CustomerDetails, datetime]:
    """The answer in the file and when it was saved; one sentence (BadResponse) for anything else."""
    file = Path(path)
    name = file.name or str(file)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise errors.BadResponse(f"{name} is too large to be a saved Metrifox answer.")
        body = file.read_bytes()
        saved_at = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError as exc:
        raise errors.BadResponse(f"{name} could not be read: {exc.strerror or 'unreadable'}.") from None
    try:
        return parse_customer_details(body), saved_at
    except errors.BadResponse:
        raise errors.BadResponse(f"{name} is not a saved Metrifox answer (customer details).") from None
