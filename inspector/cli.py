"""Headless commands: ``--print``, ``--json``, ``--store-key``, ``--forget-key``. No widgets.

They use the same client, parsing and presentation code as the window.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

from inspector.api import errors

SECTIONS = ("invoices", "usage", "wallets", "events", "record")

if TYPE_CHECKING:
    from inspector.api.client import MetrifoxClient
    from inspector.api.models import CustomerDetails
    from inspector.api.sections import Section
    from inspector.present.hints import Loaded
    from inspector.settings import Profile

EXIT_OK = 0
EXIT_API = 1
EXIT_USAGE = 2
EXIT_NO_KEY = 3
EXIT_PARTIAL = 4  # the customer printed, but a section asked for with --with could not be fetched
KEYRING_TIMEOUT = 10.0  # seconds a locked or hung password store may take to answer (tests make it short)


def usage_problem(args: argparse.Namespace) -> str | None:
    """One sentence when --profile or --base-url cannot be used (checked before anything else runs)."""
    from inspector.api.urls import normalise_base_url

    for option, url in (("--base-url", args.base_url), ("--meter-url", args.meter_url)):
        if url is not None:  # given, even empty: "" is a mistake, never a silent Production
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
    if getattr(args, "sections", None):
        unknown = sorted(_wanted(args.sections) - set(SECTIONS))
        if unknown:
            return f"--with: unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)} or all."
    from inspector.api.quantity import quantity_problem

    if (problem := quantity_problem(getattr(args, "quantity", "1"))) is not None:
        return f"--quantity: {problem}"
    return None


def _wanted(sections: str) -> set[str]:
    names = {name.strip().lower() for name in sections.split(",") if name.strip()}
    return set(SECTIONS) if "all" in names else names


def _chosen_profile(args: argparse.Namespace) -> Profile:
    """The profile named by --profile, else the last one used (read from the settings once)."""
    from inspector.settings import Settings

    settings = Settings()
    return settings.profile(args.profile or settings.current_profile_name())


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
    from inspector.api.sections import fetch_sections

    customer_key = args.print_key or args.customer_key
    if not customer_key:
        err.write("Give a customer key: metrifox-inspector --print CUSTOMER_KEY\n")
        return EXIT_USAGE
    try:
        wanted = _wanted(args.sections) if getattr(args, "sections", None) else set()
        summary = bool(getattr(args, "summary", False))
        asked = set(wanted)  # what --with asked for: only these make a failure exit 4
        if summary:
            wanted |= {"invoices", "record"}  # as the window: an overdue balance, and who to talk to
        make_client = _client_factory(args, client_options, needs_meter="events" in wanted)
        with make_client() as client:
            details = client.customer_details(customer_key)
        sections = fetch_sections(details, wanted, make_client) if wanted else []
    except errors.MetrifoxError as exc:
        return _say_failure(err, exc)
    unchecked = None if "invoices" in wanted else "overdue or unpaid invoices are not shown (add --with invoices)."
    _write_customer(out, details, sections, as_json=args.json, summary=summary, invoices_unchecked=unchecked)
    failed = [section for section in sections if section.error is not None]
    for section in failed:
        err.write(f"{section.title}: {section.error}\n")
    # The record --summary fetches by itself only adds who to talk to: without it the summary is whole (it
    # says the record could not be fetched), so it is not a failure unless asked for (--with record).
    counted = [s for s in failed if s.name != "record" or "record" in asked or not summary]
    return EXIT_PARTIAL if counted else EXIT_OK


def _write_customer(
    out: TextIO,
    details: CustomerDetails,
    sections: list[Section],
    *,
    as_json: bool,
    summary: bool,
    invoices_unchecked: str | None = None,
) -> None:
    """The customer as --print shows it (live or saved): JSON, the support summary, or every field with the
    things to check and the sections asked for."""
    from inspector.present.fields import customer_json, render_text
    from inspector.present.tree import build_tree

    if as_json:
        out.write(_json_with_sections(customer_json(details), sections) + "\n")
    elif summary:
        from inspector.present.summary import support_summary

        loaded = _answers(sections, invoices_unchecked)
        found = next((s for s in sections if s.name == "record"), None)
        record = found.value if found is not None and found.error is None else None
        missing = _record_missing(found.error) if found is not None and found.error else ""
        text = support_summary(details, loaded=loaded, record=record, record_missing=missing)
        out.write(_terminal_lines(text.splitlines()))
    else:
        out.write(render_text(build_tree(details)))
        out.write(_hints_text(details, sections, invoices_unchecked))
        out.write(_sections_text(details, sections))


def _record_missing(error: errors.MetrifoxError) -> str:
    """The summary's "Customer record: …" line when there is no record to say who to talk to."""
    from inspector.api.saved import RecordUnreadable

    return error.message if isinstance(error, RecordUnreadable) else f"could not be fetched — {error.message}"


def _terminal_lines(lines: Iterable[str]) -> str:
    """Lines of API text for a terminal: every control and bidi character escaped, each line ended."""
    from inspector.present.text import terminal_safe

    return "".join(terminal_safe(line) + "\n" for line in lines)


def _say_failure(err: TextIO, error: errors.MetrifoxError) -> int:
    """The failure's one sentence on stderr; the exit code it means."""
    err.write(f"{error.message}\n")
    return _exit_code(error)


def _exit_code(error: errors.MetrifoxError) -> int:
    if isinstance(error, errors.InvalidCustomerKey | errors.InvalidBaseUrl | errors.NoMeterAddress):
        return EXIT_USAGE
    if isinstance(error, errors.MissingKey):
        return EXIT_NO_KEY
    return EXIT_API


def _client_factory(
    args: argparse.Namespace, client_options: dict[str, Any] | None, *, needs_meter: bool = False
) -> Callable[[], MetrifoxClient]:
    """Makes clients for the profile (or --base-url / --meter-url) and its key; raises MissingKey, and
    NoMeterAddress when ``needs_meter`` and no meter address is known (--meter-url, the environment, the
    profile; production's only for production's API address)."""
    from inspector.api.client import MetrifoxClient
    from inspector.api.demo import demo_client

    if args.demo:
        return demo_client
    from inspector.credentials import CredentialStore, KeyringTrouble
    from inspector.settings import resolve_meter_url

    profile = _chosen_profile(args)
    base_url = args.base_url if args.base_url is not None else profile.base_url
    meter = resolve_meter_url(profile, override=args.meter_url, base_url=base_url)
    if needs_meter and meter.url is None:
        raise errors.NoMeterAddress(meter.problem)
    meter_url = meter.url or ""  # none: the client refuses meter calls rather than guess a host
    status = CredentialStore(timeout=KEYRING_TIMEOUT).get(profile.name)
    key = status.key
    if not key and status.read_failed:  # the window's sentence; exit 1, since a key may well be saved
        raise KeyringTrouble(status.note)
    if not key:
        raise errors.MissingKey(f"{errors.MissingKey.default_message} (Set METRIFOX_API_KEY or use --store-key.)")
    from inspector.logs import register_secret

    register_secret(key)  # masked in every log line and in anything echoed back (--print-many's key list)
    options = client_options or {}
    return lambda: MetrifoxClient(key, base_url, meter_url=meter_url, **options)


def _sections_text(details: CustomerDetails, sections: list[Section]) -> str:
    """Each section's rows with every field in words; a wallet with its allocations and their transactions."""
    from inspector.present.dates import zone
    from inspector.present.nodes import Node, NodeKind
    from inspector.present.printed import section_text

    customer = details.customer
    known_wallets = [*customer.wallets, *(w for p in customer.subscriptions for w in p.wallets)]
    tz = zone(customer.timezone)
    lines: list[str] = []
    for section in sections:
        lines.append("")
        if section.error is not None:
            lines.append(f"{section.title}: {section.error}")
            continue
        lines.append(section.title)
        root = Node(NodeKind.CUSTOMER, customer.title, source=customer, json_path="$.data")
        lines += section_text(
            root, section.name, section.value, allocations=section.allocations, tz=tz, known_wallets=known_wallets
        )
    return _terminal_lines(lines)


def _hints_text(details: CustomerDetails, sections: list[Section], invoices_unchecked: str | None = None) -> str:
    """The "Things to check" section (with what --with fetched: overdue invoices, usage, wallets)."""
    from inspector.present.hints import hints

    found = hints(details, _answers(sections, invoices_unchecked))
    if not found:
        return ""
    return _terminal_lines(["", f"Things to check ({len(found)})", *(f"  - {h.sentence}" for h in found)])


def _answers(sections: list[Section], invoices_unchecked: str | None = None) -> Loaded:
    """What --with fetched (and what failed, in words), for the things to check and the summary."""
    from inspector.present.hints import loaded_from

    return loaded_from(
        ((s.name, s.subject, s.value) for s in sections if s.error is None),
        ((s.name, s.subject, s.error.message) for s in sections if s.error is not None),
        invoices_unchecked=invoices_unchecked,
    )


def _json_with_sections(customer: str, sections: list[Section]) -> str:
    """``--json``: the customer's answer as sent; the sections asked for under ``sections``, each answer as
    sent under ``data`` (and a wallet section's allocations under ``allocations``, by wallet ID)."""
    if not sections:
        return customer
    from inspector.present.fields import answer_document, to_jsonable
    from inspector.present.raw import dumps_exact, loads_exact

    def sent(answer: Any) -> Any:
        if isinstance(answer, Exception):
            return {"error": str(answer)}
        document = answer_document(answer)
        return document if document is not None else to_jsonable(answer)  # depth-limited, as the customer

    document = loads_exact(customer)
    document["sections"] = [
        {
            "name": s.name,
            "title": s.title,
            "subject": s.subject,
            "data": sent(s.value) if s.value is not None else None,
            "error": str(s.error) if s.error is not None else None,
        }
        | (
            {"allocations": {wallet: sent(answer) for wallet, answer in s.allocations.items()}}
            if s.allocations
            else {}
        )
        for s in sections
    ]
    return dumps_exact(document)


def print_file(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``--print-file PATH [--summary] [--json]``: a saved answer, printed as ``--print`` prints a live one."""
    out = out or sys.stdout
    err = err or sys.stderr
    from inspector.api.saved import read_saved
    from inspector.api.sections import Section

    try:
        saved = read_saved(args.print_file)
    except errors.MetrifoxError as exc:
        err.write(f"{exc.message}\n")
        return EXIT_USAGE
    details, record = saved.details, saved.record  # the customer record, when it was saved with the answer
    subject = details.customer.customer_key or ""
    sections = [Section("record", "Customer record", subject, record)] if record else []
    if saved.record_unreadable:  # saved with it, but not readable: said, not "none saved"; the answer still prints
        from inspector.api.saved import RecordUnreadable

        sections = [Section("record", "Customer record", subject, error=RecordUnreadable())]
    offline = "a saved answer holds none (look the customer up live to check them)."
    _write_customer(out, details, sections, as_json=args.json, summary=args.summary, invoices_unchecked=offline)
    return EXIT_OK


def diff(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``--diff OLD NEW``: the changes between two saved answers in words; nothing when they are equal."""
    out = out or sys.stdout
    err = err or sys.stderr
    from inspector.api.saved import read_saved
    from inspector.present.diff import changes
    from inspector.present.messages import answer_words

    try:
        old, new = (read_saved(path) for path in args.diff)
    except errors.MetrifoxError as exc:
        err.write(f"{exc.message}\n")
        return EXIT_USAGE
    lines = []
    if old.fetched_at is not None and new.fetched_at is not None:
        # Both say when they were fetched: older → newer, whichever order they were given in.
        if new.fetched_at < old.fetched_at:
            old, new = new, old
        found = changes(old.details, new.details)
        older, newer = (answer_words(a.fetched_at, saved=True) for a in (old, new))
        lines = [f"From the {older} to the {newer}:"] if found else []
    else:
        found = changes(old.details, new.details)
    out.write(_terminal_lines([*lines, *(change.words for change in found)]))
    return EXIT_OK


def check_access(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    client_options: dict[str, Any] | None = None,
) -> int:
    """``--check-access KEY FEATURE [--quantity N]``: one line, "Yes — …" or "No — …"."""
    out = out or sys.stdout
    err = err or sys.stderr
    from inspector.api.quantity import parse_quantity

    customer_key, feature = args.check_access
    try:
        quantity = parse_quantity(args.quantity)
        with _client_factory(args, client_options, needs_meter=True)() as client:
            answer = client.check_access(customer_key, feature, quantity)
    except errors.MetrifoxError as exc:
        return _say_failure(err, exc)
    from inspector.present.printed import access_text

    out.write("".join(line + "\n" for line in access_text(answer, quantity)))  # the sentence, then every field
    return EXIT_OK


def store_key(args: argparse.Namespace, stdin: TextIO | None = None, err: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    err = err or sys.stderr
    from inspector.credentials import CredentialStore, KeySource

    profile = _chosen_profile(args).name
    key = stdin.readline().strip()
    if not key:
        err.write("No key was given on standard input.\n")
        return EXIT_NO_KEY
    if not key.isascii() or not key.isprintable() or " " in key:
        err.write("That is not an API key: it has characters an API key cannot have. Nothing was saved.\n")
        return EXIT_USAGE
    status = CredentialStore(environ={}, timeout=KEYRING_TIMEOUT).set(profile, key)
    if status.source is not KeySource.KEYRING:
        # A CLI session ends now: a key kept "for this session" would be lost, so say it failed.
        err.write("The key could not be saved: this computer's password store is not available.\n")
        return EXIT_API
    err.write(f"API key for profile {profile!r} saved. {status.note}\n")
    return EXIT_OK


def forget_key(args: argparse.Namespace, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    from inspector.credentials import CredentialStore, KeyringTrouble

    profile = _chosen_profile(args).name
    store = CredentialStore(environ={}, timeout=KEYRING_TIMEOUT)
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
