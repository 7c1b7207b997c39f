"""A customer as one row (``--print-many``): name, status per product, next bill, overdue amount, the count of
things to check (the very hints ``--summary`` lists, over the same invoices), and why a row failed.

CSV cells are safe to open in a spreadsheet: a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return) gets a leading ``'`` so no formula runs, and API text is kept on one line with its controls
and bidi characters shown as escapes. JSON Lines are ASCII (``\\uXXXX`` for the rest), so nothing in them can
act on a terminal either. Pure functions: no Qt, no HTTP.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from inspector.api.models import CustomerDetails
from inspector.present.account import is_overdue
from inspector.present.bill import next_bill_day
from inspector.present.hints import ENDED, Loaded, hints
from inspector.present.money import currency_style, sane_decimal
from inspector.present.status import is_live
from inspector.present.text import one_line

COLUMNS = ("customer_key", "name", "products", "next_bill", "overdue", "things_to_check", "error")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CustomerRow:
    """One customer of the run; a failed one carries only its key and the reason (``error``)."""

    key: str
    name: str = ""
    products: tuple[tuple[str, str], ...] = ()  # (product, status)
    next_bill: date | None = None
    next_bill_text: str = ""  # as Metrifox wrote it, when it is no date this app can read
    overdue: tuple[tuple[str, Decimal], ...] = ()  # (currency code, amount past due), per currency
    things_to_check: int | None = None
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


def failed_row(key: str, reason: str) -> CustomerRow:
    return CustomerRow(key=key, error=reason)


def customer_row(key: str, details: CustomerDetails, loaded: Loaded, now: datetime | None = None) -> CustomerRow:
    """The row of a customer looked up with its current subscriptions' invoices (``loaded``, as --summary)."""
    now = now or datetime.now(UTC)
    customer = details.customer
    products: list[tuple[str, str]] = []
    days: list[date] = []
    unread: list[str] = []
    overdue: dict[str, Decimal] = {}
    failures: list[str] = []
    for product in customer.subscriptions:
        name = product.product_name or product.product_key or "Product"
        sub = product.subscription
        status = (sub.status if sub is not None and sub.status else product.status) or "unknown"
        products.append((name, status.replace("_", " ")))
        if sub is None:
            continue
        if is_live(sub.status) and (sub.status or "").lower() not in ENDED:
            day = next_bill_day(sub)
            if day is not None:
                days.append(day)
            elif sub.next_billing_date:
                unread.append(sub.next_billing_date.strip())
        for invoice in loaded.invoices.get(sub.id or "", []):
            amount = sane_decimal(invoice.balance_due)
            if amount is not None and is_overdue(invoice, now):
                code = (invoice.currency or sub.currency_code or customer.currency or "").upper()
                overdue[code] = overdue.get(code, Decimal(0)) + amount
        failure = loaded.invoice_failures.get(sub.id or "")
        if failure is not None:
            failures.append(f"Invoices of {name} not checked: {failure}")
    return CustomerRow(
        key=key,
        name=customer.title,
        products=tuple(products),
        next_bill=min(days) if days else None,
        next_bill_text="" if days else (unread[0] if unread else ""),
        overdue=tuple(sorted(overdue.items())),
        things_to_check=len(hints(details, loaded, now)),
        error=" ".join(failures),
    )


def plain_amount(amount: Decimal, code: str) -> str:
    """``21.00 USD``: the currency's decimals, no symbol or separators (a spreadsheet reads it as a number)."""
    return f"{_digits(amount, code)} {code}".strip()


def _digits(amount: Decimal, code: str) -> str:
    _symbol, digits = currency_style(code or None)
    with localcontext() as context:
        context.prec = 60  # as format_money: quantize never raises for any amount sane_decimal lets through
        return f"{amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"


def csv_cells(row: CustomerRow) -> list[str]:
    """The row's cells in COLUMNS order, each safe in a spreadsheet."""
    next_bill = row.next_bill.isoformat() if row.next_bill is not None else row.next_bill_text
    cells = [
        row.key,
        row.name,
        "; ".join(f"{product}: {status}" for product, status in row.products),
        next_bill,
        "; ".join(plain_amount(amount, code) for code, amount in row.overdue),
        "" if row.things_to_check is None else str(row.things_to_check),
        row.error,
    ]
    return [spreadsheet_safe(one_line(cell)) for cell in cells]


def spreadsheet_safe(cell: str) -> str:
    """A leading ``'`` before what a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+1+2``, ``@SUM``)."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def json_line(row: CustomerRow) -> str:
    """The row as one line of JSON (ASCII; amounts as strings, exactly)."""
    document: dict[str, Any] = {
        "customer_key": row.key,
        "name": row.name or None,
        "products": [{"product": product, "status": status} for product, status in row.products],
        "next_bill": row.next_bill.isoformat() if row.next_bill is not None else (row.next_bill_text or None),
        "overdue": [{"amount": _digits(amount, code), "currency": code or None} for code, amount in row.overdue],
        "things_to_check": row.things_to_check,
        "error": row.error or None,
    }
    return json.dumps(document, ensure_ascii=True)
