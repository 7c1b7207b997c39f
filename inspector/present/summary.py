"""The support summary: a short text a support person pastes into a ticket or chat — who the customer is,
each product's plan, next bill, quantities, upcoming invoice, card and trial, the usable customer links,
then the things to check. Plain text or Markdown; never the API key, no internal IDs unless asked.

It is pasted without being read first, so API text can never pass as the app's own: every value stays on its
line with its breaks and controls shown as escapes (a plan named "x\nUpdate quantities: https://evil" is one
line), and in Markdown it is literal (no link, image, HTML, heading or list item from it). The only links
are the app's own, checked metrifox.com links.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from inspector.api.models import Currency, CustomerDetails, ProductSubscription
from inspector.present.dates import short_date, zone
from inspector.present.hints import NOTHING_LOADED, Loaded, hints
from inspector.present.links import is_safe_metrifox_link
from inspector.present.money import format_money, format_number
from inspector.present.status import is_live
from inspector.present.text import markdown_literal, one_line
from inspector.present.tree import payment_summary


def support_summary(
    details: CustomerDetails,
    *,
    markdown: bool = False,
    with_ids: bool = False,
    loaded: Loaded = NOTHING_LOADED,
    record: Any = None,
    record_missing: str = "",
) -> str:
    """``record``: the customer record (its answer), when it has come: who to talk to. ``record_missing``: why
    it is not there ("could not be fetched — <sentence>", "still loading…"), said on its own line so a pasted
    summary without an account manager is not read as "the customer has none"."""
    customer = details.customer
    tz = zone(customer.timezone)
    title = _text(customer.title, markdown)
    lines = [f"## {title}" if markdown else title]
    facts = [("Customer key", customer.customer_key), ("Email", customer.billing_email or customer.primary_email)]
    if with_ids:
        facts.append(("Metrifox ID", customer.metrifox_id))
    lines += [_fact(label, value, markdown) for label, value in facts if value]
    lines += [_fact(label, value, markdown) for label, value in _who_to_talk_to(record)]
    if record is None and record_missing:
        lines.append(_fact("Customer record", record_missing, markdown))
    for product in customer.subscriptions:
        lines.append("")
        lines += _product(product, details, markdown=markdown, with_ids=with_ids, tz=tz)
    found = hints(details, loaded)
    if found:
        lines += ["", "### Things to check" if markdown else "Things to check:"]
        lines += [f"- {_text(h.sentence, markdown)}" for h in found]
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def _who_to_talk_to(answer: Any) -> list[tuple[str, str]]:
    """The account manager, the phone and the primary contacts (else the first) from the customer record."""
    from inspector.present.record import contact_line, record_facts, record_of

    record = record_of(answer)
    if record is None:
        return []
    facts = record_facts(answer)
    found = [("Account manager", facts.account_manager), ("Phone", facts.phone)]
    people = [p for p in record.contact_people if p.is_primary] or record.contact_people[:1]
    for person in people[:3]:
        name, reach = contact_line(person)
        found.append(("Contact", f"{name} ({reach})" if reach else name))
    return [(label, value) for label, value in found if value]


def _text(value: object, markdown: bool) -> str:
    """Text that holds API text: one line, and literal in Markdown."""
    return markdown_literal(str(value)) if markdown else one_line(str(value))


def _fact(label: str, value: object, markdown: bool) -> str:
    text = _text(value, markdown)
    return f"- **{label}:** {text}" if markdown else f"{label}: {text}"


def _link(label: str, link: str, markdown: bool) -> str:
    """One of the app's own links, already checked (https, metrifox.com, printable ASCII)."""
    return f"- **{label}:** <{link}>" if markdown else f"{label}: {link}"


def _product(
    product: ProductSubscription, details: CustomerDetails, *, markdown: bool, with_ids: bool, tz: object
) -> list[str]:
    name = _text(product.product_name or product.product_key or "Product", markdown)
    sub = product.subscription
    head = f"### {name}" if markdown else name
    if sub is None:
        return [head, _fact("Status", f"{product.status or 'unknown'} (no current subscription)", markdown)]
    code = sub.currency_code or details.customer.currency
    plan = sub.plan_name or sub.default_plan_name or "—"
    version = f" (v{sub.plan_version})" if sub.plan_version else ""
    lines = [head, _fact("Status", (sub.status or product.status or "unknown").replace("_", " "), markdown)]
    lines.append(_fact("Plan", f"{plan}{version}", markdown))
    if not is_live(sub.status) and isinstance(sub.ends_at, datetime):  # when it ends, not "Next bill: €0.00"
        verb = "Ends" if sub.ends_at > datetime.now(UTC) else "Ended"
        lines.append(_fact(verb, short_date(sub.ends_at, tz), markdown))  # type: ignore[arg-type]
    elif sub.next_billing_date or sub.next_billing_amount is not None:
        amount = format_money(sub.next_billing_amount, code) if sub.next_billing_amount is not None else ""
        when = f" on {sub.next_billing_date}" if sub.next_billing_date else ""
        lines.append(_fact("Next bill", f"{amount}{when}".strip(), markdown))
    items = [
        f"{item.name or 'item'} × {format_number(item.quantity)}"
        for item in sub.subscription_items
        if item.quantity is not None
    ]
    if items:
        lines.append(_fact("Quantities", ", ".join(items), markdown))
    invoice = sub.upcoming_invoice
    if invoice is not None and invoice.amount is not None:
        currency = invoice.currency
        invoice_code = (currency.code if isinstance(currency, Currency) else currency) or code
        due = f", due {short_date(invoice.due_date, tz)}" if isinstance(invoice.due_date, datetime) else ""  # type: ignore[arg-type]
        status = f" ({invoice.status})" if invoice.status else ""
        lines.append(_fact("Upcoming invoice", f"{format_money(invoice.amount, invoice_code)}{due}{status}", markdown))
    if product.payment_method is not None:
        lines.append(_fact("Payment method", payment_summary(product.payment_method), markdown))
    if isinstance(sub.trial_end_date, datetime):
        lines.append(_fact("Trial ends", short_date(sub.trial_end_date, tz), markdown))  # type: ignore[arg-type]
    if with_ids and sub.id:
        lines.append(_fact("Subscription ID", sub.id, markdown))
    live = is_live(sub.status)
    for label, link, allowed in (
        ("Update quantities", sub.update_quantity_link, live and bool(sub.can_update_quantities)),
        ("Manage add-ons", sub.manage_addons_link, live),
    ):
        if link and allowed and is_safe_metrifox_link(link):
            lines.append(_link(label, link, markdown))
    return lines
