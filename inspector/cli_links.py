"""Headless commands that ask Metrifox something about a customer: ``--card-link KEY [SUBSCRIPTION_ID]`` prints
a link the customer opens to give a card; ``--quote KEY FEATURE N`` prints what N of a feature would cost.
Exit codes as the other commands (cli.py). No widgets."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from inspector.api import errors
from inspector.cli import EXIT_API, EXIT_OK, EXIT_USAGE, _client_factory, _say_failure, _terminal_lines

if TYPE_CHECKING:
    from inspector.api.models import CustomerDetails


def card_link(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    client_options: dict[str, Any] | None = None,
) -> int:
    """``--card-link KEY [SUBSCRIPTION_ID]``: the link, alone on its line (one of the customer's live current
    subscriptions: the one there is, or the one named)."""
    out = out or sys.stdout
    err = err or sys.stderr
    from inspector.api.checkout import card_collection_url
    from inspector.present.links import card_link_offer

    given = list(args.card_link)
    if len(given) > 2:
        err.write("--card-link takes a customer key and, optionally, one subscription ID.\n")
        return EXIT_USAGE
    customer_key, wanted = given[0], (given[1] if len(given) == 2 else None)
    try:
        with _client_factory(args, client_options)() as client:
            details = client.customer_details(customer_key)
            chosen, problem = _subscription(details, customer_key, wanted)
            if chosen is None:
                err.write(_terminal_lines([problem]))
                return EXIT_USAGE
            link = card_collection_url(client, chosen)
    except errors.MetrifoxError as exc:
        return _say_failure(err, exc)
    offer = card_link_offer(link)
    if offer.url is None:  # never printed: a script would send it on
        err.write(f"{offer.reason}\n")
        return EXIT_API
    out.write(offer.url + "\n")
    return EXIT_OK


def _subscription(details: CustomerDetails, customer_key: str, wanted: str | None) -> tuple[str | None, str]:
    """(the subscription ID to ask for, "") or (None, the one sentence why none can be chosen)."""
    from inspector.present.card_link import card_link_choices, card_link_needs

    choices = card_link_choices(details)
    needs = {need.subscription_id for need in card_link_needs(details)}
    # The one a card link is worth sending for (no card, or one expiring before the next bill) is marked.
    listed = "; ".join(f"{sub_id}: {plan}{' (needs a card)' if sub_id in needs else ''}" for sub_id, plan in choices)
    if not choices:
        return None, f"{customer_key} has no live subscription, so there is no card link to make."
    if wanted is not None:
        if wanted.strip() in {sub_id for sub_id, _plan in choices}:
            return wanted.strip(), ""
        return None, f"{wanted} is not a live subscription of {customer_key}; its live ones: {listed}."
    if len(choices) == 1:
        return choices[0][0], ""
    return None, (
        f"{customer_key} has {len(choices)} live subscriptions: {listed}. "
        f"Name one: --card-link {customer_key} SUBSCRIPTION_ID."
    )


def quote(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    client_options: dict[str, Any] | None = None,
) -> int:
    """``--quote KEY FEATURE N``: "N <feature> would cost … on the customer's plan.", then the tiers in words."""
    out = out or sys.stdout
    err = err or sys.stderr
    from inspector.api.pricing import quantity_price
    from inspector.api.quantity import parse_quantity, quantity_problem
    from inspector.present.quotes import feature_of, quote_words

    customer_key, feature, amount = args.quote
    if (problem := quantity_problem(amount)) is not None:
        err.write(f"--quote: {problem}\n")
        return EXIT_USAGE
    quantity = parse_quantity(amount)
    try:
        with _client_factory(args, client_options)() as client:
            details = client.customer_details(customer_key)
            answer = quantity_price(client, customer_key, feature, quantity)
    except errors.MetrifoxError as exc:
        return _say_failure(err, exc)
    name, currency = feature_of(details, feature.strip())
    words = quote_words(answer, quantity, name, currency)
    out.write(_terminal_lines([line for line in (words.sentence, words.tiers) if line]))
    return EXIT_OK
