"""Opening a customer from outside the window: a helpdesk link (``metrifox-inspector://customer/KEY``,
optionally ``?profile=NAME``) or ``metrifox-inspector KEY`` while a window is already running.

Plain Python, no Qt (inspector/ui/instance.py carries the requests between processes, inspector/ui/link_flow.py
acts on them in the window). Everything here is strict: a link holds a customer key and at most a profile's
name, nothing else — never an API key or an address. Anything else is refused with one sentence, and nothing
else happens (no look-up, no profile switch).

Cheap to import: ``metrifox-inspector KEY`` reads :func:`server_name` before the window is shown.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path

SCHEME = "metrifox-inspector"
LINK_HOST = "customer"
MAX_LINK_CHARS = 2048  # a key is at most 255 characters, a profile's name 100: a longer link is no customer link
MAX_KEY_CHARS = 255  # as inspector.settings.MAX_RECENT_KEY_CHARS (a test keeps them equal)
MAX_PROFILE_CHARS = 100  # as inspector.settings.MAX_PROFILE_NAME
MESSAGE_VERSION = 1
MAX_MESSAGE_BYTES = 4096  # one line of JSON; a longer one is refused unread
ACK = b"ok\n"
MAX_SOCKET_PATH = 100  # bytes; sun_path is 104 on macOS, 108 on Linux (with its closing zero)

# Why a link was refused: each code has one sentence. Codes (not sentences) travel between processes.
NOT_A_CUSTOMER_LINK = "not-a-customer-link"
SECRET_OR_ADDRESS = "secret-or-address"  # noqa: S105 - a reason's code, no password
EXTRA_PARTS = "extra-parts"
BAD_KEY = "bad-key"
BAD_START_KEY = "bad-start-key"  # the same, given on the command line rather than in a link
BAD_PROFILE = "bad-profile"
TOO_LONG = "too-long"
CONTROL_CHARACTERS = "control-characters"
SENTENCES: dict[str, str] = {
    NOT_A_CUSTOMER_LINK: (
        "This link is not a customer link of Metrifox Account Inspector (metrifox-inspector://customer/KEY), "
        "so nothing was opened."
    ),
    SECRET_OR_ADDRESS: (
        "This link tries to pass an API key or an address, which links never carry, so nothing was opened."
    ),
    EXTRA_PARTS: "This link holds more than a customer key and a profile's name, so nothing was opened.",
    BAD_KEY: (
        "The customer key in this link is empty, too long or holds control or invisible characters, so nothing "
        "was opened."
    ),
    BAD_START_KEY: (
        "The customer key given to metrifox-inspector is empty, too long or holds control characters, so nothing "
        "was looked up."
    ),
    BAD_PROFILE: (
        "The profile's name in this link is empty, too long or holds control characters, so nothing was opened."
    ),
    TOO_LONG: "This link is too long to be a customer link, so nothing was opened.",
    CONTROL_CHARACTERS: "This link holds line breaks or other control characters, so nothing was opened.",
}
# Query names that ask to carry a secret or an address: refused with their own sentence, whatever the value.
_SECRET_WORDS = ("key", "token", "secret", "password", "auth", "url", "host", "address", "server", "base", "meter")


def unknown_profile_sentence(name: str) -> str:
    """The window's sentence for a link or a start naming a profile it does not have."""
    return f"This link asks for the profile “{name}”, which does not exist here, so nothing was opened."


def dialog_open_sentence(name: str) -> str:
    """The window's sentence for a link naming another profile while a dialog is open: a dialog belongs to
    the profile in use (a key typed there is that profile's), so the link does not switch under it."""
    return (
        f"This link asks for the profile “{name}”, but a dialog is open in the window: close it and open the link "
        "again (nothing was opened)."
    )


# Said in the window a start opens when it could not hand its request to the person's running window.
STRANGER_SENTENCE = (
    "Something other than your Metrifox Account Inspector window answered on its private channel, so nothing "
    "was handed to it and this window opened on its own."
)
NO_ANSWER_SENTENCE = (
    "Your other Metrifox Account Inspector window did not answer within a few seconds, so this window opened "
    "on its own."
)
NO_FOLDER_SENTENCE = (
    "This window has no private folder for its socket, so helpdesk links and later starts open windows of their own."
)
NOT_SERVING_SENTENCE = (
    "This window was started with --demo or its own address, so it does not open helpdesk links; nothing was opened."
)


class OpenRequest:
    """What a link or a start asks of the window: look ``key`` up (in ``profile`` when given), or only come to
    the front (no key); or, ``refused`` (a code of SENTENCES), say why not and do nothing else.

    A plain class, not a dataclass: a keyed start imports this module before its window is shown, and
    ``dataclasses`` alone costs it 3 ms."""

    __slots__ = ("key", "profile", "refused")

    def __init__(self, key: str | None = None, profile: str | None = None, refused: str | None = None) -> None:
        self.key, self.profile, self.refused = key, profile, refused

    def _fields(self) -> tuple[str | None, str | None, str | None]:
        return self.key, self.profile, self.refused

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OpenRequest) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"OpenRequest(key={self.key!r}, profile={self.profile!r}, refused={self.refused!r})"

    @property
    def sentence(self) -> str | None:
        return SENTENCES[self.refused] if self.refused is not None else None


def _refused(code: str) -> OpenRequest:
    return OpenRequest(refused=code)


def is_link(text: str) -> bool:
    """Whether a command-line argument is a link of this app's scheme (rather than a customer key)."""
    return text.strip()[: len(SCHEME) + 1].lower() == f"{SCHEME}:"


def _has_control(text: str) -> bool:
    return any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in text)


def _has_invisible(text: str) -> bool:
    """Format characters (Unicode category Cf: bidi overrides, zero-width spaces): a key in a link holding one
    could show as another key."""
    import unicodedata

    return any(unicodedata.category(ch) == "Cf" for ch in text)


def customer_key(text: str) -> str | None:
    """The key as the look-up bar would take it (cleaned as a pasted key), or None when it breaks the key
    rules (empty, control characters, over MAX_KEY_CHARS)."""
    from inspector.api import errors
    from inspector.api.customer_key import clean_customer_key

    if len(text) > 4 * MAX_KEY_CHARS:
        return None
    try:
        key = clean_customer_key(text)
    except errors.InvalidCustomerKey:
        return None
    return key if len(key) <= MAX_KEY_CHARS and not _has_control(key) else None


def profile_name(text: str) -> str | None:
    """A profile's name as a link or a message may carry it, or None when it cannot be one."""
    name = text.strip()
    return name if name and len(name) <= MAX_PROFILE_CHARS and not _has_control(name) else None


def parse_link(text: str) -> OpenRequest:
    """``metrifox-inspector://customer/KEY[?profile=NAME]`` as a request, or a refusal (see SENTENCES)."""
    from urllib.parse import unquote, urlsplit

    if len(text) > MAX_LINK_CHARS:
        return _refused(TOO_LONG)
    if _has_control(text):
        return _refused(CONTROL_CHARACTERS)
    text = text.strip()
    if not is_link(text) or not text[len(SCHEME) + 1 :].startswith("//"):
        return _refused(NOT_A_CUSTOMER_LINK)
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed "[" where a host belongs
        return _refused(NOT_A_CUSTOMER_LINK)
    netloc = parts.netloc
    if "@" in netloc or ":" in netloc:  # user:password@ or a port: someone else's address, or a secret
        return _refused(SECRET_OR_ADDRESS)
    if netloc.lower() != LINK_HOST:
        return _refused(NOT_A_CUSTOMER_LINK)
    if "#" in text:
        return _refused(EXTRA_PARTS)
    segments = parts.path.split("/")
    if len(segments) != 2 or segments[0]:  # exactly "/KEY": no further segments, no trailing slash
        return _refused(EXTRA_PARTS if len(segments) > 2 else BAD_KEY)
    try:
        decoded = unquote(segments[1], errors="strict")
    except UnicodeDecodeError:
        return _refused(BAD_KEY)
    key = customer_key(decoded) if not _has_control(decoded) and not _has_invisible(decoded) else None
    if key is None:
        return _refused(BAD_KEY)
    profile, refusal = _query_profile(parts.query)
    return _refused(refusal) if refusal is not None else OpenRequest(key, profile)


def _query_profile(query: str) -> tuple[str | None, str | None]:
    """(the profile's name or None, None) — or (None, the refusal code)."""
    from urllib.parse import unquote_plus

    if not query:
        return None, None
    found: list[str] = []
    for pair in query.split("&"):
        name, sep, value = pair.partition("=")
        try:
            name, value = unquote_plus(name, errors="strict"), unquote_plus(value, errors="strict")
        except UnicodeDecodeError:
            return None, EXTRA_PARTS
        lowered = name.lower()
        if any(word in lowered for word in _SECRET_WORDS):
            return None, SECRET_OR_ADDRESS
        if lowered != "profile" or not sep:
            return None, EXTRA_PARTS
        found.append(value)
    if len(found) != 1:
        return None, EXTRA_PARTS
    profile = profile_name(found[0]) if not _has_control(found[0]) else None
    return (profile, None) if profile is not None else (None, BAD_PROFILE)


def start_request(argument: str | None, profile: str | None) -> OpenRequest:
    """What ``metrifox-inspector [KEY or LINK] [--profile NAME]`` asks of the window (no argument: only to come
    to the front). A link's own profile wins over ``--profile``."""
    if argument is None:
        return OpenRequest(profile=profile)
    if is_link(argument):
        request = parse_link(argument)
        if request.refused is None and request.profile is None and profile is not None:
            return OpenRequest(request.key, profile)
        return request
    key = customer_key(argument)
    return OpenRequest(key, profile) if key is not None else _refused(BAD_START_KEY)


# ---- the message from a second start to the running window -----------------------------------------------
class BadMessage(ValueError):
    """A message on the local socket that is not one of ours (its text says why, never what it held)."""


def encode_message(request: OpenRequest) -> bytes:
    import json

    body = {"v": MESSAGE_VERSION, "key": request.key, "profile": request.profile, "refused": request.refused}
    data = json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"
    if len(data) > MAX_MESSAGE_BYTES:  # cannot happen within the key and name limits; refused rather than cut
        raise BadMessage("the message would be too long")
    return data


def decode_message(line: bytes) -> OpenRequest:
    """One line from the socket as a request. Raises :class:`BadMessage` for anything else: too long, not
    JSON, another version, unknown fields, a key or a profile's name that breaks the rules."""
    import json

    if len(line) > MAX_MESSAGE_BYTES:
        raise BadMessage(f"longer than {MAX_MESSAGE_BYTES} bytes")
    try:
        body = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadMessage("not JSON") from exc
    if not isinstance(body, dict):
        raise BadMessage("not a JSON object")
    if body.get("v") != MESSAGE_VERSION:
        raise BadMessage(f"not version {MESSAGE_VERSION}")
    if not set(body) <= {"v", "key", "profile", "refused"}:
        raise BadMessage("unknown fields")
    key, profile, refused = body.get("key"), body.get("profile"), body.get("refused")
    if not all(value is None or isinstance(value, str) for value in (key, profile, refused)):
        raise BadMessage("a field is not text")
    if refused is not None:
        if refused not in SENTENCES or key is not None or profile is not None:
            raise BadMessage("not a known refusal")
        return _refused(refused)
    if key is not None and customer_key(key) != key:
        raise BadMessage("the key breaks the key rules")
    if profile is not None and profile_name(profile) != profile:
        raise BadMessage("the profile's name breaks the rules")
    return OpenRequest(key, profile)


# ---- where the running window listens --------------------------------------------------------------------
def server_name(
    identity: str,
    *,
    platform: str = sys.platform,
    environ: Mapping[str, str] | None = None,
    create: bool = False,
) -> str | None:
    """The local server's name for this person: ``identity`` is their settings file (so one window per person,
    and a test with its own HOME has its own). On Windows a pipe name (QLocalServer's UserAccessOption keeps
    other users out); elsewhere a socket path in a folder only this user may enter — the runtime folder, else
    ``$TMPDIR/metrifox-inspector-UID`` (made with ``create``). None: no such folder (no single window then)."""
    environ = os.environ if environ is None else environ
    digest = f"{zlib.crc32(identity.encode('utf-8', 'surrogatepass')):08x}"
    if platform == "win32":
        user = "".join(ch for ch in environ.get("USERNAME", "") if ch.isalnum())[:32]
        return f"metrifox-inspector-{user}-{digest}"
    runtime = _runtime_folder(environ)
    if runtime is not None:
        name = str(runtime / f"metrifox-inspector-{digest}")
    else:  # our own folder: the name only needs to tell settings files apart
        folder = _private_folder(environ, create=create)
        name = "" if folder is None else str(folder / digest)
    # A socket's path holds at most 104 bytes on macOS, 108 on Linux: a longer one could not be listened on.
    return name if name and len(name.encode("utf-8", "surrogatepass")) <= MAX_SOCKET_PATH else None


def _runtime_folder(environ: Mapping[str, str]) -> Path | None:
    runtime = environ.get("XDG_RUNTIME_DIR")
    return Path(runtime) if runtime and _private(Path(runtime)) else None


def _private_folder(environ: Mapping[str, str], *, create: bool) -> Path | None:
    folder = Path(environ.get("TMPDIR") or "/tmp") / f"metrifox-inspector-{os.getuid()}"  # noqa: S108 - checked below
    if create:
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return None
    return folder if _private(folder) else None


def _private(folder: Path) -> bool:
    """A real folder (not a link) of this user that nobody else may read or enter: another user cannot put a
    socket of theirs where ours would be."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def server_exists(name: str, *, platform: str = sys.platform) -> bool:
    """Whether a window may be listening (a socket file is there): a start with none skips connecting
    (and loading QtNetwork). A pipe cannot be looked at without connecting: on Windows, always True."""
    return platform == "win32" or os.path.exists(name)
