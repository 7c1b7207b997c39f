"""Entry point: parse the command line, then run a headless command or build and show the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from inspector import APP_NAME, __version__
from inspector.streams import ensure_streams, refusal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="metrifox-inspector",
        description=f"{APP_NAME}: look up a Metrifox customer and see everything Metrifox knows about them.",
    )
    p.add_argument("customer_key", nargs="?", help="customer key to look up at start")
    p.add_argument(
        "--print",
        dest="print_key",
        metavar="CUSTOMER_KEY",
        help="print the customer as indented text (as the window's tree shows it) and exit",
    )
    p.add_argument("--json", action="store_true", help="with --print: print the parsed customer as JSON")
    p.add_argument(
        "--with",
        dest="sections",
        metavar="SECTIONS",
        help="with --print: also invoices,usage,wallets,events (or all), fetched at once",
    )
    p.add_argument(
        "--check-access",
        nargs=2,
        metavar=("CUSTOMER_KEY", "FEATURE"),
        help="may this customer use this feature now? one line, then exit",
    )
    p.add_argument(
        "--card-link",
        nargs="+",
        metavar=("CUSTOMER_KEY", "SUBSCRIPTION_ID"),
        help="print a link where the customer gives a card (for the one current subscription, or the one named)",
    )
    p.add_argument(
        "--quote", nargs=3, metavar=("CUSTOMER_KEY", "FEATURE", "N"), help="what would N of a feature cost? then exit"
    )
    p.add_argument("--quantity", default="1", metavar="N", help="with --check-access: how much (default 1)")
    p.add_argument("--summary", action="store_true", help="with --print: the short support summary instead")
    p.add_argument("--print-file", metavar="PATH", help="print a saved answer (a .json file) as --print would")
    p.add_argument("--diff", nargs=2, metavar=("OLD", "NEW"), help="what changed between two saved answers, in words")
    p.add_argument(
        "--print-many",
        metavar="FILE",
        help="look up every customer key in FILE (one a line; - reads standard input) and print a row per "
        "customer with --csv or --json (JSON Lines), in the file's order",
    )
    p.add_argument("--csv", action="store_true", help="with --print-many: CSV with a header row")
    p.add_argument(
        "--concurrency", metavar="N", help="with --print-many: customers looked up at once, 1 to 32 (default 16)"
    )
    p.add_argument("--demo", action="store_true", help="use the built-in demo customers, not the API")
    p.add_argument("--base-url", metavar="URL", help="API base URL (https; plain http only on loopback)")
    p.add_argument(
        "--meter-url", metavar="URL", help="meter service base URL for usage events and access checks (same rule)"
    )
    p.add_argument("--profile", metavar="NAME", help="profile to use (default: the last one used)")
    p.add_argument("--screenshot", metavar="FILE", help="open, look up (or show the demo), save a PNG, exit")
    p.add_argument("--store-key", action="store_true", help="read an API key from stdin and save it in the keyring")
    p.add_argument("--forget-key", action="store_true", help="remove the profile's API key from the keyring")
    p.add_argument("--self-check", metavar="FILE", help="write what this copy finds here (keyring, zones, Qt) as JSON")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


_HEADLESS: tuple[str, ...] = ("print_key", "json", "sections", "check_access", "summary", "print_file", "diff")
_HEADLESS += ("store_key", "forget_key", "self_check")
_HEADLESS += ("card_link", "quote")
_HEADLESS += ("print_many", "csv", "concurrency")  # --print-many (inspector/many/)
_CHECKED = ("base_url", "meter_url", "profile")  # checked before anything runs (cli.usage_problem)


def _window_only(args: argparse.Namespace) -> bool:
    """The window with nothing cli.usage_problem could refuse: no headless command, no address or profile
    to check, the default quantity. (cli.usage_problem would import the API layer to read an address.)"""
    given = (getattr(args, name) for name in (*_HEADLESS, *_CHECKED))
    alone = not any(value not in (None, False) for value in given) and args.quantity == "1"
    return alone and _link_not_alone(args) is None


def _one_window(args: argparse.Namespace, given_by: argparse.ArgumentParser | None = None) -> bool:
    """A plain window start — a customer key, a helpdesk link or nothing, ``--profile`` at most: it goes to the
    window already running, if any (one window per person). Anything else given (a headless command, --demo,
    --screenshot, an address) keeps it apart: every other option must have its default."""
    defaults = vars((given_by or parser()).parse_args([]))  # the parser at hand: building one costs 0.5 ms
    free = ("customer_key", "profile")
    return all(getattr(args, name) == value for name, value in defaults.items() if name not in free)


def _link_not_alone(args: argparse.Namespace) -> str | None:
    """A helpdesk link comes alone (a browser passes only the link): options beside one were put there by
    someone else — an address would send the API key elsewhere."""
    if args.customer_key is None:
        return None
    from inspector.handoff import is_link

    one_window = args.one_window if hasattr(args, "one_window") else _one_window(args)
    if is_link(args.customer_key) and (args.profile is not None or not one_window):
        return "A metrifox-inspector:// link opens only on its own, without other options; nothing was opened."
    return None


def build(argv: Sequence[str] | None = None) -> QMainWindow:
    """Build the window (and the QApplication if there is none) without entering the event loop."""
    from inspector.ui.startup import build_window

    args = parser().parse_args(list(argv) if argv is not None else None)
    return build_window(args)


def main(argv: Sequence[str] | None = None) -> int:
    missing = ensure_streams()  # a windowed exe has none: nothing below may crash writing to them
    command_line = parser()
    args = command_line.parse_args(list(argv) if argv is not None else sys.argv[1:])
    args.one_window = _one_window(args, command_line)  # startup.run then asks a running window to take it
    if _window_only(args):  # nothing to check or run headless: the frame first, nothing else imported
        from inspector.ui.startup import run

        return run(args)
    from inspector import cli

    link_problem = _link_not_alone(args)
    problem = link_problem or cli.usage_problem(args) or refusal(args, missing)
    if problem is not None:
        sys.stderr.write(problem + "\n")
        if link_problem is not None and "stderr" in missing:  # a link clicked for a windowed exe: nobody reads it
            from inspector.ui.refusal_box import show_refusal

            show_refusal(problem)
        return cli.EXIT_USAGE
    code = _run_headless(args)
    if code is not None:
        return code
    from inspector.ui.startup import run

    return run(args)


def _run_headless(args: argparse.Namespace) -> int | None:
    """The headless command asked for, run to its exit code; None when the window is wanted."""
    from inspector import cli

    if args.self_check:
        from inspector.selfcheck import run as self_check

        return self_check(Path(args.self_check))
    if args.store_key:
        return cli.store_key(args)
    if args.forget_key:
        return cli.forget_key(args)
    if args.check_access:
        return cli.check_access(args)
    if args.card_link or args.quote:
        from inspector import cli_links

        return cli_links.card_link(args) if args.card_link else cli_links.quote(args)
    if args.print_file:
        return cli.print_file(args)
    if args.diff:
        return cli.diff(args)
    if args.print_many is not None or args.csv or args.concurrency is not None:
        from inspector.many.run import print_many

        return print_many(args)
    if args.print_key or (args.json and args.customer_key):
        return cli.print_customer(args)
    if args.json:
        sys.stderr.write("--json needs a customer key: metrifox-inspector --print CUSTOMER_KEY --json\n")
        return cli.EXIT_USAGE
    return None
