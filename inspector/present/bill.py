"""Explain the bill: each item as quantity × unit price = total, their sum, the next bill and the upcoming
invoice, and one sentence saying whether they agree."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from inspector.api.models import Subscription
from inspector.present.money import format_money, format_number, sane_decimal


def next_bill_day(sub: Subscription) -> date | None:
    """The day of the next bill as Metrifox wrote it ("Mar 12, 2026"); None when it wrote none we can read."""
    text = (sub.next_billing_date or "").strip()
    for pattern in ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC).date()
        except ValueError:
            continue
    return None


def next_bill_passed(sub: Subscription, today: date) -> bool:
    """A next bill dated before today: the subscription looks live but was not renewed, or the data is old."""
    day = next_bill_day(sub)
    return day is not None and day < today


def explain_bill(sub: Subscription, code: str | None, today: date | None = None) -> list[tuple[str, str]]:
    """(label, text) rows for the detail pane; empty when the subscription has no items. ``today`` is the
    customer's today (a next bill dated before it is never said to agree with anything)."""
    if not sub.subscription_items:
        return []
    rows: list[tuple[str, str]] = []
    total = Decimal(0)
    complete = True
    for item in sub.subscription_items:
        item_code = item.currency_code or code
        amount = sane_decimal(item.total_amount)
        quantity = format_number(item.quantity) if item.quantity is not None else None
        if quantity is not None and item.unit_price is not None:
            unit, line_total = format_money(item.unit_price, item_code), format_money(item.total_amount, item_code)
            text = f"{quantity} × {unit} = {line_total}"
        elif quantity is not None:
            text = f"{format_money(item.total_amount, item_code)} for {quantity}"
        else:
            text = format_money(item.total_amount, item_code)
        rows.append((f"Bill: {item.name or 'item'}", text))
        if amount is None:
            complete = False
        else:
            total += amount
    if not complete:
        rows.append(("Bill: items add up to", "— (an item's amount cannot be read)"))
        return rows
    rows.append(("Bill: items add up to", format_money(total, code)))
    compared = []
    next_bill = sane_decimal(sub.next_billing_amount)
    if next_bill is not None:
        rows.append(("Bill: next bill", format_money(next_bill, code)))
        compared.append(("the next bill", next_bill))
    invoice = sub.upcoming_invoice
    upcoming = sane_decimal(invoice.amount) if invoice is not None else None
    if upcoming is not None:
        rows.append(("Bill: upcoming invoice", format_money(upcoming, code)))
        compared.append(("the upcoming invoice", upcoming))
    said = _agreement(total, compared, code)
    if any(amount != total for _what, amount in compared):
        said += " " + gap_cause(sub, code)
    if next_bill_passed(sub, today or datetime.now(UTC).date()):
        said = (
            f"The next bill is dated {sub.next_billing_date}, a day that has passed, so these figures may be out "
            f"of date and are not compared. {said if not said.startswith('The items and') else ''}"
        ).strip()
    rows.append(("Bill: in words", said))
    return rows


def _agreement(total: Decimal, compared: list[tuple[str, Decimal]], code: str | None) -> str:
    if not compared:
        return "Metrifox sent no next bill or upcoming invoice to compare the items with."
    differing = [(what, amount) for what, amount in compared if amount != total]
    if not differing:
        others = " and ".join(what for what, _ in compared)
        return f"The items and {others} agree: {format_money(total, code)}."
    parts = []
    for what, amount in differing:
        gap = amount - total
        more_or_less = "more" if gap > 0 else "less"
        parts.append(f"{what} is {format_money(abs(gap), code)} {more_or_less} than the items")
    return "; ".join(parts).capitalize() + "."


def gap_cause(sub: Subscription, code: str | None) -> str:
    """Why the items and the bill may differ, where the data shows a cause; plainly so when it cannot tell."""
    causes = []
    invoice = sub.upcoming_invoice
    invoice_code = getattr(getattr(invoice, "currency", None), "code", None) if invoice is not None else None
    codes = {c for c in (*(i.currency_code for i in sub.subscription_items), invoice_code, code) if c}
    if len(codes) > 1:
        causes.append(f"they are in different currencies ({', '.join(sorted(codes))})")
    usage_priced = [
        i.name or "an item"
        for i in sub.subscription_items
        if "usage" in f"{i.line_source_type or ''} {i.source_type or ''} {i.pricing or ''}".lower()
    ]
    if usage_priced:
        causes.append(f"{', '.join(usage_priced)} {'is' if len(usage_priced) == 1 else 'are'} priced on usage")
    start, end = sub.current_billing_period_start, sub.current_billing_period_end
    other_period = [
        i.name or "an item"
        for i in sub.subscription_items
        if isinstance(start, datetime)
        and isinstance(end, datetime)
        and isinstance(i.billing_period_start, datetime)
        and (i.billing_period_start != start or i.billing_period_end != end)
    ]
    if other_period:
        causes.append(
            f"{', '.join(other_period)} cover{'s' if len(other_period) == 1 else ''} another period than "
            "the subscription's (a change of period, or proration)"
        )
    if sub.scheduled_change:
        causes.append("a change is scheduled")
    if not causes:
        return "The data does not say why."
    return "Possible cause: " + "; ".join(causes) + "."
