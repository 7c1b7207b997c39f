"""The demo customers each have their own wallets, allocations and transactions, and their numbers add up
(issue 18.17): a wallet's balance is what its allocations have left, an allocation's consumption is its
transactions, and the details answer's copy of a wallet says the same balance."""

from __future__ import annotations

import json
from decimal import Decimal

from inspector.api.demo import demo_account, demo_customers
from inspector.resources import demo_keys, resource_path


def _number(value: object) -> Decimal:
    return Decimal(str(value))


def test_each_wallet_belongs_to_one_demo_customer() -> None:
    owners: dict[str, str] = {}
    for key in demo_keys():
        account = json.loads(resource_path("demo", "account", f"{key}.json").read_bytes())
        for wallet in account["wallets"].get(key, []):
            assert wallet["id"] not in owners, f"{wallet['id']} is {owners.get(wallet['id'])}'s and {key}'s"
            owners[wallet["id"]] = key


def test_the_numbers_add_up() -> None:
    account = demo_account()
    for wallets in account["wallets"].values():
        for wallet in wallets:
            allocations = account["allocations"].get(wallet["id"], [])
            if not allocations:
                continue
            left = sum(_number(a["amount"]) - _number(a["consumed"]) for a in allocations)
            assert _number(wallet["balance"]) == left, wallet["id"]
            for allocation in allocations:
                spent = -sum(_number(t["amount"]) for t in allocation.get("transactions", []))
                assert _number(allocation["consumed"]) == spent, allocation["id"]


def test_the_details_copy_of_a_wallet_says_the_same_balance() -> None:
    account = demo_account()
    balances = {w["id"]: _number(w["balance"]) for ws in account["wallets"].values() for w in ws}
    for body in demo_customers().values():
        data = json.loads(body)["data"]
        copies = [
            *(data.get("wallets") or []),
            *(w for p in data.get("subscriptions") or [] for w in p.get("wallets") or []),
        ]
        for wallet in copies:
            if wallet.get("id") in balances:
                assert _number(wallet["balance"]) == balances[wallet["id"]], wallet["id"]
