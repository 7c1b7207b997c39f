"""The quantity rule of an access check, for widgets (which read presentation, not the API layer)."""

from __future__ import annotations

from inspector.api.quantity import MAX_QUANTITY, MIN_QUANTITY, QUANTITY_RULE, parse_quantity, quantity_problem

__all__ = ["MAX_QUANTITY", "MIN_QUANTITY", "QUANTITY_RULE", "parse_quantity", "quantity_problem"]
