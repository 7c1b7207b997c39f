"""Things to check: what a support person would otherwise work out by hand, each a sentence with the
numbers, pointing at its row. Pure functions over the typed model (and the account's sections, when
they have been fetched); the window lists them above the tree and ``--print`` prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from inspector.api.models import Customer, CustomerDetails, PaymentMethod, ProductSubscription, Subscription, Wallet
from inspector.present.account import credit_amount, is_low, is_overdue, usage_line
from inspector.present.bill import next_bill_passed
from inspector.present.dates import short_date, zone
from inspector.present.money import format_money, format_number, sane_decimal
from inspector.present.nodes import row_key
from inspector.present.status import is_known, is_live

TRIAL_WARNING = timedelta(days=7)
ENDED = {"cancelled", "canceled", "expired", "ended", "deactivated", "inactive"}


@dataclass(frozen=True)
class Hint:
    sentence: str
    json_path: str  # the row it is about (selected when the hint is clicked)
    # A row inside one of the account's sections, when the hint is about one: (section, subject, row key) —
    # a click opens that section and selects the very row (the invoice, the feature's usage).
    row: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Loaded:
    """The account's sections fetched so far: invoices and usage by subscription ID, wallets."""

    invoices: dict[str, list[Any]]
    usage: dict[str, list[Any]]
    wallets: list[Wallet]
    # Why invoices could not be checked, by subscription ID (a failed fetch: its sentence).
    invoice_failures: dict[str, str] = field(default_factory=dict)
    # Why no invoice was checked at all (None: they were, or are on their way): said once.
    invoices_unchecked: str | None = None


NOTHING_LOADED = Loaded({}, {}, [])


def loaded_from(
    answers: Iterable[tuple[str, str, Any]],
    failures: Iterable[tuple[str, str, str]] = (),
    *,
    invoices_unchecked: str | None = None,
) -> Loaded:
    """(section name, subject, answer) → what the hints read: invoices and usage by subscription, wallets;
    (section name, subject, sentence) for the sections that could not be fetched."""
    invoices: dict[str, list[Any]] = {}
    usage: dict[str, list[Any]] = {}
    wallets: list[Wallet] = []
    invoice_failures = {subject: sentence for name, subject, sentence in failures if name == "invoices"}
    for name, subject, answer in answers:
        items = list(getattr(answer, "items", None) or [])
        if name == "invoices":
            invoices.setdefault(subject, []).extend(items)
        elif name == "usage":
            usage.setdefault(subject, []).extend(items)
        elif name == "wallets":
            wallets += items
    return Loaded(invoices, usage, wallets, invoice_failures, invoices_unchecked)


def hints(details: CustomerDetails, loaded: Loaded = NOTHING_LOADED, now: datetime | None = None) -> list[Hint]:
    """Every thing to check for this customer, in the order of the tree."""
    now = now or datetime.now(UTC)
    customer = details.customer
    tz = zone(customer.timezone)
    found: list[Hint] = []
    for index, product in enumerate(customer.subscriptions):
        path = f"$.data.subscriptions[{index}]"
        found += _product_hints(product, path, customer.currency, loaded, now=now, tz=tz)
    found += _wallet_hints(customer, loaded)
    if loaded.invoices_unchecked is not None and any(p.subscription is not None for p in customer.subscriptions):
        found.insert(0, Hint(f"Invoices not checked: {loaded.invoices_unchecked}", "$.data"))
    return _unique([*_archived(customer, tz), *found])


def _archived(customer: Customer, tz: tzinfo | None) -> list[Hint]:
    """An archived customer, first: everything else on screen reads differently for one."""
    when = customer.archived_at
    if when in (None, ""):
        return []
    on = f"on {short_date(when, tz)}" if isinstance(when, datetime) else f"(archived_at: {when})"
    return [Hint(f"This customer was archived {on}: check with the account manager before changing anything.",
                 "$.data.archived_at")]


def _product_hints(
    product: ProductSubscription, path: str, currency: str | None, loaded: Loaded, *, now: datetime, tz: tzinfo | None
) -> list[Hint]:
    """A product's things to check: its status, then its current subscription's (none without one)."""
    found: list[Hint] = []
    if product.status and not is_known(product.status):
        found.append(Hint(f"{_name(product)} has a status this app does not know: “{product.status}”.", path))
    sub = product.subscription
    if sub is None:
        return found
    sub_path = f"{path}.subscription"
    code = sub.currency_code or currency
    if sub.status and not is_known(sub.status) and sub.status != product.status:
        found.append(Hint(f"{_plan(sub, product)} has a status this app does not know: “{sub.status}”.", sub_path))
    ended = (sub.status or "").lower() in ENDED
    if not ended:  # an ended subscription's next bill is rightly nothing
        found += _bill_mismatch(sub, product, code, sub_path)
        if is_live(sub.status) and next_bill_passed(sub, now.astimezone(tz).date() if tz else now.date()):
            found.append(
                Hint(
                    f"{_plan(sub, product)}: the next bill is dated {sub.next_billing_date}, a day that has "
                    "passed — the subscription may not have renewed. Check it in Metrifox.",
                    sub_path,
                )
            )
    found += _currencies(sub, product, sub_path)
    found += _trial(sub, product, code, now=now, tz=tz, path=sub_path)
    found += _ended_but_billing(sub, product, code, now=now, tz=tz, path=sub_path)
    if product.payment_method is not None:
        found += _card_expiry(product.payment_method, sub, tz, f"{path}.payment_method")
    failure = loaded.invoice_failures.get(sub.id or "")
    if failure is not None and not ended:
        found.append(Hint(f"Invoices of {_plan(sub, product)} not checked: {failure}", sub_path))
    found += _overdue_invoices(sub, product, loaded, now=now, tz=tz, path=sub_path)
    # One figure per feature: where the usage is fetched, it speaks for the feature (one hint), and an
    # entitlement of the details that says otherwise is named beside it, each with its source.
    usage_items = loaded.usage.get(sub.id or "", [])
    measured = {u.feature_key: u for u in usage_items if getattr(u, "feature_key", None)}
    entitlements = {e.feature_key: e for e in product.entitlements if e.feature_key}
    found += _near_limit_entitlements(product, path, skip=set(measured))
    for usage in usage_items:
        found += _near_limit_usage(usage, sub, product, sub_path, entitlements.get(usage.feature_key))
    return found


def _overdue_invoices(
    sub: Subscription, product: ProductSubscription, loaded: Loaded, *, now: datetime, tz: tzinfo | None, path: str
) -> list[Hint]:
    found = []
    for invoice in loaded.invoices.get(sub.id or "", []):
        if is_overdue(invoice, now):
            due = short_date(invoice.due_date, tz) if isinstance(invoice.due_date, datetime) else "?"
            owed = format_money(invoice.balance_due, invoice.currency)
            number = invoice.invoice_number or invoice.invoice_id or "An invoice"
            sentence = f"Invoice {number} of {_plan(sub, product)}: {owed} was due {due} and is unpaid."
            found.append(Hint(sentence, path, ("invoices", sub.id or "", row_key(invoice))))
    return found


def _wallet_hints(customer: Customer, loaded: Loaded) -> list[Hint]:
    """Low wallets: the wallets endpoint's answer (fresher) first, then those only the details carry."""
    fetched = {w.id for w in loaded.wallets if w.id}
    found: list[Hint] = []
    for wallet in loaded.wallets:
        found += _low(wallet, "$.data", customer.customer_key)
    in_details = [w for product in customer.subscriptions for w in product.wallets] + list(customer.wallets)
    for wallet in in_details:
        if wallet.id not in fetched:
            found += _low(wallet, "$.data", customer.customer_key)
    return found


def _unique(found: Iterable[Hint]) -> list[Hint]:
    return list({hint.sentence: hint for hint in found}.values())


def _name(product: ProductSubscription) -> str:
    return product.product_name or product.product_key or "A product"


def _plan(sub: Subscription, product: ProductSubscription) -> str:
    return f"{_name(product)} ({sub.plan_name})" if sub.plan_name else _name(product)


def _bill_mismatch(sub: Subscription, product: ProductSubscription, code: str | None, path: str) -> list[Hint]:
    totals = [sane_decimal(item.total_amount) for item in sub.subscription_items]
    if not totals or any(t is None for t in totals):
        return []
    items = sum((t for t in totals if t is not None), Decimal(0))
    next_bill = sane_decimal(sub.next_billing_amount)
    invoice = sub.upcoming_invoice
    upcoming = sane_decimal(invoice.amount) if invoice is not None else None
    others = [("the next bill says", next_bill), ("the upcoming invoice", upcoming)]
    differing = [(words, amount) for words, amount in others if amount is not None and amount != items]
    if not differing:
        return []
    said = " and ".join(f"{words} {format_money(amount, code)}" for words, amount in differing)
    return [Hint(f"{_plan(sub, product)}: items add up to {format_money(items, code)}, but {said}.", path)]


def _currencies(sub: Subscription, product: ProductSubscription, path: str) -> list[Hint]:
    codes: dict[str, str] = {}
    if sub.currency_code:
        codes.setdefault(sub.currency_code.upper(), "the subscription")
    for item in sub.subscription_items:
        if item.currency_code:
            codes.setdefault(item.currency_code.upper(), f"item {item.name or '?'}")
    invoice = sub.upcoming_invoice
    code = getattr(invoice.currency, "code", invoice.currency) if invoice is not None else None
    if isinstance(code, str) and code:
        codes.setdefault(code.upper(), "the upcoming invoice")
    if len(codes) < 2:
        return []
    listed = ", ".join(f"{where} in {cur}" for cur, where in codes.items())
    return [Hint(f"{_plan(sub, product)} mixes currencies: {listed}.", path)]


def _trial(
    sub: Subscription, product: ProductSubscription, code: str | None, *, now: datetime, tz: Any, path: str
) -> list[Hint]:
    end = sub.trial_end_date
    if not isinstance(end, datetime) or not now < end <= now + TRIAL_WARNING:
        return []
    days = max(1, round((end - now).total_seconds() / 86400))
    then = (sub.post_trial_action or "").replace("_", " ") or "nothing is set to happen"
    sentence = (
        f"The {_plan(sub, product)} trial ends {short_date(end, tz)} (in {days} day{'s' if days != 1 else ''}); "
        f"then: {then}"
    )
    converts = (sub.post_trial_action or "").lower() not in {"", "cancel", "cancelled", "expire", "end"}
    price = sane_decimal(sub.next_billing_amount)
    if converts and price is not None and price > 0:  # the first bill after it, when Metrifox says one
        sentence += f", at {format_money(price, code)}"
    sentence += "."
    if converts and product.payment_method is None:
        sentence += " No card is on file."
    return [Hint(sentence, path)]


def _ended_but_billing(
    sub: Subscription, product: ProductSubscription, code: str | None, *, now: datetime, tz: Any, path: str
) -> list[Hint]:
    status = (sub.status or "").lower()
    ended = status in ENDED or sub.cancelled_at is not None
    if not ended:
        return []
    amount = sane_decimal(sub.next_billing_amount)
    renews = sub.renews_at if isinstance(sub.renews_at, datetime) and sub.renews_at > now else None
    shown = []
    if amount is not None and amount > 0:
        when = f" on {sub.next_billing_date}" if sub.next_billing_date else ""
        shown.append(f"a next bill of {format_money(amount, code)}{when}")
    elif sub.next_billing_date:
        shown.append(f"a next bill on {sub.next_billing_date}")
    if renews is not None:
        shown.append(f"a renewal on {short_date(renews, tz)}")
    if not shown:
        return []
    word = status.replace("_", " ") if status in ENDED else "cancelled"
    return [Hint(f"{_plan(sub, product)} is {word} but still shows {' and '.join(shown)}.", path)]


def _card_expiry(method: PaymentMethod, sub: Subscription, tz: Any, path: str) -> list[Hint]:
    from inspector.present.card_link import card_words, expires_before_bill

    expiring = expires_before_bill(method, sub)
    if expiring is None:
        return []
    month, year, bill = expiring
    sentence = f"The {card_words(method)} expires {month:02d}/{year}, before the next bill on {short_date(bill, tz)}."
    return [Hint(sentence, path)]


def _entitlement_figures(entitlement: Any) -> tuple[Decimal | None, Decimal | None]:
    """(used, allowance or limit) as the details' entitlement says them."""
    cap = entitlement.included_allowance if entitlement.included_allowance is not None else entitlement.usage_limit
    return sane_decimal(entitlement.used), sane_decimal(cap)


def _near_limit_entitlements(product: ProductSubscription, path: str, skip: set[str] | None = None) -> list[Hint]:
    found = []
    for index, entitlement in enumerate(product.entitlements):
        if skip and entitlement.feature_key in skip:
            continue  # its usage is fetched: that figure speaks for the feature
        used = sane_decimal(entitlement.used)
        for label, cap in (("allowance", entitlement.included_allowance), ("limit", entitlement.usage_limit)):
            allowance = sane_decimal(cap)
            if used is not None and allowance is not None and allowance > 0 and used / allowance >= Decimal("0.9"):
                name = entitlement.feature_name or entitlement.name or entitlement.feature_key or "A feature"
                share = used / allowance * 100
                found.append(
                    Hint(
                        f"{name} ({_name(product)}) is at {share:.0f} % of its {label}: "
                        f"{format_number(used)} of {format_number(allowance)}.",
                        f"{path}.entitlements[{index}]",
                    )
                )
                break
    return found


def _near_limit_usage(
    usage: Any, sub: Subscription, product: ProductSubscription, path: str, entitlement: Any = None
) -> list[Hint]:
    line = usage_line(usage)
    used, allowance = _entitlement_figures(entitlement) if entitlement is not None else (None, None)
    known = used is not None and allowance is not None and allowance > 0
    entitlement_near = known and used / allowance >= Decimal("0.9")  # type: ignore[operator]
    if (line.fraction is None or line.fraction < 0.9) and not entitlement_near:
        return []
    target = ("usage", sub.id or "", row_key(usage))
    used_of = line.summary.split(" (")[0]  # "12 of 12 used"
    name = f"{line.label} ({_name(product)})"
    if line.fraction is not None:
        sentence = f"{name} is at {line.fraction * 100:.0f} % of its allowance: {used_of} (usage)"
    else:
        sentence = f"{name}: {used_of} (usage)"
    said = f"{format_number(used)} of {format_number(allowance)}" if known else None
    if said is not None and not used_of.startswith(said):  # two sources disagree: both, each with its source
        sentence += f"; the subscription's entitlements say {said} used"
    return [Hint(sentence + ".", path, target)]


def _low(wallet: Wallet, path: str, customer_key: str | None = None) -> list[Hint]:
    if not is_low(wallet):
        return []
    name = wallet.name or wallet.credit_key or "A wallet"
    return [
        Hint(
            f"Wallet {name} is below its low-balance threshold: {credit_amount(wallet.balance, wallet)} "
            f"(threshold {credit_amount(wallet.low_balance_threshold, wallet)}).",
            path,
            # The one "Credit wallets" row: a click opens it and selects this wallet.
            ("wallets", customer_key, row_key(wallet)) if customer_key and wallet.id else None,
        )
    ]
