"""The rest of the account in words: invoices, usage against entitlements, wallets, allocations, usage
events and the access check. Pure functions over the typed models; the window's rows and ``--print``'s
sections are both made from these lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from decimal import Decimal

from inspector.api.account import (
    AccessAnswer,
    CreditAllocation,
    CreditTransaction,
    EntitlementPool,
    EntitlementSummary,
    EntitlementUsage,
    Invoice,
    UsageEvent,
)
from inspector.api.models import Wallet
from inspector.present.dates import format_absolute, short_date
from inspector.present.money import format_money, format_number, sane_decimal

POOL_WORDS = {
    "included_pool": "Included",
    "purchased_pool": "Purchased",
    "rollover_quantity_pool": "Rollover",
    "pay_as_you_go_pool": "Pay-as-you-go",
    "overage_pool": "Overage",
}


@dataclass(frozen=True)
class Line:
    """One row: what it is, the facts in words, and a status word (a badge) when there is one."""

    label: str
    summary: str
    status: str | None = None
    fraction: float | None = None  # used / allowance, for a usage bar (0 … 1+)
    warning: bool = False  # below a threshold, overdue, nearly used up


def _plural(count: Decimal | None, singular: str, plural: str) -> str:
    return singular if count is not None and count == 1 else plural


# ---- invoices ------------------------------------------------------------------------------------
def is_overdue(invoice: Invoice, now: datetime | None = None) -> bool:
    due, balance = invoice.due_date, sane_decimal(invoice.balance_due)
    return isinstance(due, datetime) and balance is not None and balance > 0 and due < (now or datetime.now(UTC))


def invoice_line(invoice: Invoice, tz: tzinfo | None = None, now: datetime | None = None) -> Line:
    """``INV-0003`` [open] — ``PAST DUE · $21.00 · paid $0.00 · $21.00 due Nov 15, 2026``: the invoice's own
    status, and being past due beside it."""
    code = invoice.currency
    total = invoice.total_amount if invoice.total_amount is not None else invoice.amount  # JS SDK: "amount"
    parts = [format_money(total, code)] if total is not None else []
    if invoice.amount_paid is not None:
        parts.append(f"paid {format_money(invoice.amount_paid, code)}")
    due = f" due {short_date(invoice.due_date, tz)}" if isinstance(invoice.due_date, datetime) else ""
    balance = sane_decimal(invoice.balance_due)
    if balance is not None and balance == 0:
        parts.append("nothing due")
    elif invoice.balance_due is not None:
        parts.append(f"{format_money(invoice.balance_due, code)}{due}")
    elif due:
        parts.append(due.strip())
    if isinstance(invoice.issued_date, datetime):
        parts.append(f"issued {short_date(invoice.issued_date, tz)}")
    overdue = is_overdue(invoice, now)
    if overdue:  # beside its own status ("partially paid"), never instead of it
        parts.insert(0, "PAST DUE")
    label = invoice.invoice_number or invoice.invoice_id or "Invoice"
    status = invoice.status or ("overdue" if overdue else None)
    return Line(label, " · ".join(parts), status, warning=overdue)


def newest_first(invoices: list[Invoice]) -> list[Invoice]:
    def when(invoice: Invoice) -> float:
        moment = invoice.issued_date if isinstance(invoice.issued_date, datetime) else invoice.created_at
        return moment.timestamp() if isinstance(moment, datetime) else float("-inf")

    return sorted(invoices, key=when, reverse=True)


# ---- usage against entitlements -----------------------------------------------------------------
def _fraction(used: Decimal | None, allowance: Decimal | None) -> float | None:
    if used is None or allowance is None or allowance <= 0:
        return None
    return float(used / allowance)


def usage_line(usage: EntitlementUsage) -> Line:
    """``API calls`` — ``7,500 of 10,000 used (75 %)``; "Unlimited"; at 90 % or more it is a warning."""
    name = usage.feature_name or usage.feature_key or "Feature"
    if usage.unlimited:
        return Line(name, "Unlimited", "active" if usage.active else "inactive" if usage.active is False else None)
    pools = usage.pools().values()
    used = _total(pool.used for pool in pools) if pools else sane_decimal(usage.used)
    allowance = _total(pool.amount for pool in pools) if pools else sane_decimal(usage.purchased)
    fraction = _fraction(used, allowance)
    if used is not None and allowance is not None and allowance > 0:
        percent = f"{fraction * 100:.0f}" if fraction is not None else "?"
        text = f"{format_number(used)} of {format_number(allowance)} used ({percent} %)"
    elif used is not None:
        text = f"{format_number(used)} used"
    else:
        text = "No usage reported"
    warning = fraction is not None and fraction >= 0.9
    return Line(
        name, text, None if usage.active is None else ("active" if usage.active else "inactive"), fraction, warning
    )


def _total(values: Iterable[Decimal | str | None]) -> Decimal | None:
    numbers = [n for n in (sane_decimal(v) for v in values) if n is not None]
    return sum(numbers, Decimal(0)) if numbers else None


def pool_lines(usage: EntitlementUsage, tz: tzinfo | None = None) -> list[Line]:
    """Each pool in words: ``Included — 7,500 of 10,000 used · 2,500 left · resets Dec 12, 2026``."""
    lines = []
    for name, pool in usage.pools().items():
        lines.append(
            Line(POOL_WORDS.get(name, name), _pool_text(pool, tz), None if pool.active is not False else "inactive")
        )
    return lines


def _pool_text(pool: EntitlementPool, tz: tzinfo | None) -> str:
    parts = []
    if pool.amount is not None:
        parts.append(f"{format_number(pool.used or 0)} of {format_number(pool.amount)} used")
    elif pool.used is not None:
        parts.append(f"{format_number(pool.used)} used")
    if pool.balance is not None:
        parts.append(f"{format_number(pool.balance)} left")
    if isinstance(pool.next_reset_at, datetime):
        parts.append(f"resets {short_date(pool.next_reset_at, tz)}")
    if isinstance(pool.billing_end_date, datetime):
        parts.append(f"billing period ends {short_date(pool.billing_end_date, tz)}")
    return " · ".join(parts) or "—"


def summary_lines(summary: EntitlementSummary) -> list[Line]:
    """The feature's configuration: allowance and its reset, limit (soft or hard), carry-over."""
    lines = []
    if summary.included_allowance is None and summary.allowance is not None:  # the JS SDK's tests
        lines.append(Line("Allowance", format_number(summary.allowance)))
    if summary.used is not None:
        lines.append(Line("Used", format_number(summary.used)))
    if summary.included_allowance is not None:
        every = (
            f" per {_interval(summary.included_allowance_reset_interval)}"
            if summary.included_allowance_reset_interval
            else ""
        )
        lines.append(Line("Allowance", f"{format_number(summary.included_allowance)}{every}"))
    if summary.usage_limit is not None:
        every = f" per {_interval(summary.usage_limit_reset_interval)}" if summary.usage_limit_reset_interval else ""
        kind = " (soft: usage may go over)" if summary.soft_limit_enabled else " (hard: usage stops there)"
        lines.append(Line("Limit", f"{format_number(summary.usage_limit)}{every}{kind}"))
    if summary.carryover_enabled:
        most = (
            f"up to {format_number(summary.max_carryover_amount)}"
            if summary.max_carryover_amount is not None
            else "yes"
        )
        lines.append(Line("Carry-over", most))
    elif summary.carryover_enabled is False:
        lines.append(Line("Carry-over", "no"))
    if summary.price_type or summary.usage_model:
        lines.append(
            Line("Pricing", " · ".join(p.replace("_", " ") for p in (summary.price_type, summary.usage_model) if p))
        )
    return lines


def _interval(interval: str | None) -> str:
    words = {"monthly": "month", "yearly": "year", "annually": "year", "weekly": "week", "daily": "day"}
    return words.get((interval or "").lower(), (interval or "").replace("_", " "))


# ---- wallets and credits --------------------------------------------------------------------------
def credit_amount(amount: Decimal | str | None, wallet: Wallet | None) -> str:
    """``1,250.5 credits`` / ``1 credit`` in the wallet's own unit."""
    number = sane_decimal(amount)
    singular = (wallet.credit_unit_singular if wallet else None) or "credit"
    plural = (wallet.credit_unit_plural if wallet else None) or "credits"
    return f"{format_number(amount)} {_plural(number, singular, plural)}"


def is_low(wallet: Wallet) -> bool:
    balance, threshold = sane_decimal(wallet.balance), sane_decimal(wallet.low_balance_threshold)
    return balance is not None and threshold is not None and balance < threshold


def wallet_line(wallet: Wallet) -> Line:
    low = is_low(wallet)
    text = credit_amount(wallet.balance, wallet) if wallet.balance is not None else "balance unknown"
    if low:
        text += f" — below the low-balance threshold of {credit_amount(wallet.low_balance_threshold, wallet)}"
    return Line(wallet.name or wallet.credit_key or "Wallet", text, "low" if low else None, warning=low)


def allocation_line(allocation: CreditAllocation, wallet: Wallet | None = None, tz: tzinfo | None = None) -> Line:
    """``Purchase ORD-0002`` — ``1,000 credits · 500 used · 500 left · valid until Jan 1, 2027``."""
    amount, consumed = sane_decimal(allocation.amount), sane_decimal(allocation.consumed)
    parts = [credit_amount(allocation.amount, wallet)] if allocation.amount is not None else []
    if consumed is not None:
        parts.append(f"{format_number(consumed)} used")
    if amount is not None and consumed is not None:
        parts.append(f"{format_number(amount - consumed)} left")
    if isinstance(allocation.valid_until, datetime):
        expired = allocation.valid_until < datetime.now(UTC)
        parts.append(f"{'expired' if expired else 'valid until'} {short_date(allocation.valid_until, tz)}")
    kind = (allocation.allocation_type or "Allocation").replace("_", " ").capitalize()
    label = f"{kind} {allocation.order_number}" if allocation.order_number else kind
    return Line(label, " · ".join(parts), allocation.status)


def transaction_line(transaction: CreditTransaction, wallet: Wallet | None = None, tz: tzinfo | None = None) -> Line:
    when = (
        format_absolute(transaction.created_at, tz, with_zone=tz is not None)
        if isinstance(transaction.created_at, datetime)
        else "—"
    )
    parts = [credit_amount(transaction.amount, wallet)] if transaction.amount is not None else []
    if transaction.quantity is not None:
        parts.append(f"for {format_number(transaction.quantity)}")
    if transaction.event_name:
        parts.append(transaction.event_name)
    return Line(when, " · ".join(parts))


# ---- usage events and the access check ------------------------------------------------------------
def event_line(event: UsageEvent, tz: tzinfo | None = None) -> Line:
    """``Nov 24, 2026, 17:00`` — ``api_calls · 3 · request · 5 credits``."""
    when = (
        format_absolute(event.timestamp, tz, with_zone=tz is not None) if isinstance(event.timestamp, datetime) else "—"
    )
    parts = [event.feature_key or "—"]
    if event.quantity is not None:
        parts.append(format_number(event.quantity))
    if event.event_name:
        parts.append(event.event_name)
    if event.credit_used is not None:
        parts.append(f"{format_number(event.credit_used)} credits")
    return Line(when, " · ".join(parts))


def access_sentence(answer: AccessAnswer, tz: tzinfo | None = None, asked: int | None = None) -> str:
    """``Yes — 2,500 left (7,500 used)`` / ``No — Usage limit reached (0 left, 50 used)``; with the JS SDK's
    shape, ``Yes — 7,500 used of 10,000 (quota), 1,000 included, resets Dec 12, 2026``.

    With ``asked`` (the quantity asked about) it repeats what was asked and never reads as a contradiction:
    ``For 7: yes — but only 3 left``, or ``Metrifox answered for 1, not 7: …`` when its own quantity differs.
    """
    facts = _access_facts(answer, tz)
    detail = f" ({', '.join(facts)})" if facts else ""
    lead = _asked_lead(answer, asked)
    yes, no = ("yes", "no") if lead else ("Yes", "No")
    if not answer.can_access:
        return f"{lead}{no} — {answer.message or 'access denied'}{detail}"
    balance = sane_decimal(answer.balance)
    if asked is not None and not answer.unlimited and balance is not None and balance < asked:
        return f"{lead}{yes} — but only {format_number(balance)} left{detail}"
    if answer.message and answer.message != "Access granted":  # the API's own words say more than "granted"
        return f"{lead}{yes} — {answer.message}{detail}"
    return f"{lead}{yes} — {', '.join(facts)}" if facts else f"{lead}{yes}"


def _asked_lead(answer: AccessAnswer, asked: int | None) -> str:
    if asked is None:
        return ""
    said = answer.requested_quantity if answer.requested_quantity is not None else answer.required_quantity
    answered_for = sane_decimal(said)
    if answered_for is not None and answered_for != asked:
        return f"Metrifox answered for {format_number(answered_for)}, not {asked:,}: "
    return f"For {asked:,}: "


def _access_facts(answer: AccessAnswer, tz: tzinfo | None) -> list[str]:
    facts = []
    if answer.unlimited:
        facts.append("unlimited")
    elif answer.balance is not None:
        facts.append(f"{format_number(answer.balance)} left")
    if answer.used_quantity is not None:
        of = f" of {format_number(answer.quota)} (quota)" if answer.quota is not None else ""
        facts.append(f"{format_number(answer.used_quantity)} used{of}")
    elif answer.quota is not None:
        facts.append(f"quota {format_number(answer.quota)}")
    named = (
        (answer.included_usage, "included"),
        (answer.carryover_quantity, "carried over"),
        (answer.wallet_balance, "in the wallet"),
        (answer.required_quantity, "asked for"),
    )
    facts += [f"{format_number(value)} {words}" for value, words in named if value is not None]
    if isinstance(answer.next_reset_at, datetime):
        facts.append(f"resets {short_date(answer.next_reset_at, tz)}")
    if answer.promotional or answer.promotional_mode:
        facts.append(f"promotional{f' ({answer.promotional_mode})' if answer.promotional_mode else ''}")
    return facts


# ---- the sections as text (--print --with …) ------------------------------------------------------
def merge_wallets(known: list[Wallet], fetched: list[Wallet]) -> list[Wallet]:
    """The wallets endpoint's wallets, then those the details answer carries that it did not list."""
    seen = {w.id for w in fetched if w.id}
    return [*fetched, *(w for w in known if not w.id or w.id not in seen)]
