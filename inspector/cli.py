"""Headless commands: ``--print``, ``--json``, ``--store-key``, ``--forget-key``. No widgets.

They use the same client, parsing and presentation code as the window.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from inspector.api import errors

EXIT_OK = 0
EXIT_API = 1
EXIT_USAGE = 2
EXIT_NO_KEY = 3


def usage_problem(args: argparse.Namespace) -> str | None:
    """One sentence when --profile or --base-url cannot be used (checked before anything else runs)."""
    from inspector.api.client import normalise_base_url

    for option, url in (("--base-url", args.base_url), ("--meter-url", args.meter_url)):
        if url:
            try:
                normalise_base_url(url)
            except errors.InvalidBaseUrl as exc:
                return f"{option}: {exc.message}"
    if args.profile:
        from inspector.settings import Settings

        settings = Settings()
        if settings.find_profile(args.profile) is None:
            names = ", ".join(profile.name for profile in settings.profiles())
            return f"There is no profile named {args.profile!r}. Profiles: {names}."
    return None


def _profile_url(args: argparse.Namespace) -> tuple[str, str]:
    """(profile name, base URL) from --profile / --base-url and the saved profiles."""
    from inspector.settings import Settings

    settings = Settings()
    profile = settings.profile(args.profile or settings.current_profile_name())
    return profile.name, args.base_url or profile.base_url


def print_customer(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    client_options: dict[str, Any] | None = None,
) -> int:
    """``--print``: the customer as text (or JSON). ``client_options`` (timeouts) are for tests."""
    out = out or sys.stdout
    err = err or sys.stderr
    from inspector.api.client import MetrifoxClient
    from inspector.api.demo import demo_client

    customer_key = args.print_key or args.customer_key
    if not customer_key:
        err.write("Give a customer key: metrifox-inspector --print CUSTOMER_KEY\n")
        return EXIT_USAGE
    try:
        if args.demo:
            client = demo_client()
        else:
            from inspector.credentials import CredentialStore

            profile, base_url = _profile_url(args)
            status = CredentialStore().get(profile)
            if not status.key:
                err.write(f"{errors.MissingKey().message} (Set METRIFOX_API_KEY or use --store-key.)\n")
                return EXIT_NO_KEY
            client = MetrifoxClient(status.key, base_url, **(client_options or {}))
        with client:
            details = client.customer_details(customer_key)
    except (errors.InvalidCustomerKey, errors.InvalidBaseUrl) as exc:
        err.write(f"{exc.message}\n")
        return EXIT_USAGE
    except errors.MissingKey as exc:
        err.write(f"{exc.message}\n")
        return EXIT_NO_KEY
    except errors.MetrifoxError as exc:
        err.write(f"{exc.message}\n")
        return EXIT_API
    from inspector.present.fields import customer_json, render_text
    from inspector.present.tree import build_tree

    if args.json:
        out.write(customer_json(details) + "\n")
    else:
        out.write(render_text(build_tree(details)))
    return EXIT_OK


def store_key(args: argparse.Namespace, stdin: TextIO | None = None, err: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    err = err or sys.stderr
    from inspector.credentials import CredentialStore, KeySource

    profile, _ = _profile_url(args)
    key = stdin.readline().strip()
    if not key:
        err.write("No key was given on standard input.\n")
        return EXIT_NO_KEY
    if not key.isascii() or not key.isprintable() or " " in key:
        err.write("That is not an API key: it has characters an API key cannot have. Nothing was saved.\n")
        return EXIT_USAGE
    status = CredentialStore(environ={}).set(profile, key)
    if status.source is not KeySource.KEYRING:
        # A CLI session ends now: a key kept "for this session" would be lost, so say it failed.
        err.write("The key could not be saved: this computer's password store is not available.\n")
        return EXIT_API
    err.write(f"API key for profile {profile!r} saved. {status.note}\n")
    return EXIT_OK


def forget_key(args: argparse.Namespace, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    from inspector.credentials import CredentialStore, KeyringTrouble

    profile, _ = _profile_url(args)
    store = CredentialStore(environ={})
    if not store.keyring_available():
        err.write("The key could not be removed: this computer's password store is not available.\n")
        return EXIT_API
    try:
        store.forget(profile)
    except KeyringTrouble as trouble:
        err.write(f"{trouble}\n")
        return EXIT_API
    err.write(f"API key for profile {profile!r} removed.\n")
    return EXIT_OK
