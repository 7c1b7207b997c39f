"""The helpdesk link, the start's request and the message between two starts: every rule, by table."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector import handoff, settings
from inspector.handoff import (
    BAD_KEY,
    BAD_PROFILE,
    BAD_START_KEY,
    CONTROL_CHARACTERS,
    EXTRA_PARTS,
    NOT_A_CUSTOMER_LINK,
    SECRET_OR_ADDRESS,
    TOO_LONG,
    BadMessage,
    OpenRequest,
    decode_message,
    encode_message,
    parse_link,
    server_name,
    start_request,
)

ACCEPTED = [
    ("metrifox-inspector://customer/cust-mljp3ra6ffjm", "cust-mljp3ra6ffjm", None),
    ("metrifox-inspector://customer/cust-1?profile=Sandbox", "cust-1", "Sandbox"),
    ("METRIFOX-INSPECTOR://Customer/cust-1", "cust-1", None),  # scheme and host are case-blind, the key is not
    ("metrifox-inspector://customer/Cust-Upper", "Cust-Upper", None),
    ("metrifox-inspector://customer/acme%20gmbh%2F7", "acme gmbh/7", None),  # decoded, one segment still
    ("metrifox-inspector://customer/%C3%BCber", "über", None),
    ("metrifox-inspector://customer/cust-1?profile=EU%20Sandbox", "cust-1", "EU Sandbox"),
    ("metrifox-inspector://customer/cust-1?profile=EU+Sandbox", "cust-1", "EU Sandbox"),
    ("metrifox-inspector://customer/%22cust-1%22", "cust-1", None),  # the look-up bar's rules: quotes go
    ("metrifox-inspector://customer/" + "k" * 255, "k" * 255, None),
    ("  metrifox-inspector://customer/cust-1  ", "cust-1", None),
]

REFUSED = [
    ("https://customer/cust-1", NOT_A_CUSTOMER_LINK),
    ("metrifox-inspector:customer/cust-1", NOT_A_CUSTOMER_LINK),  # no "//"
    ("metrifox-inspector://invoice/inv-1", NOT_A_CUSTOMER_LINK),
    ("metrifox-inspector://customers/cust-1", NOT_A_CUSTOMER_LINK),
    ("metrifox-inspector://[customer/cust-1", NOT_A_CUSTOMER_LINK),
    ("metrifox-inspector://customer/cust-1?api_key=mfx_live_secret", SECRET_OR_ADDRESS),
    ("metrifox-inspector://customer/cust-1?key=mfx_live_secret", SECRET_OR_ADDRESS),
    ("metrifox-inspector://customer/cust-1?profile=Sandbox&API-KEY=x", SECRET_OR_ADDRESS),
    ("metrifox-inspector://customer/cust-1?base_url=https://evil.example/", SECRET_OR_ADDRESS),
    ("metrifox-inspector://customer/cust-1?meter_url=https://evil.example/", SECRET_OR_ADDRESS),
    ("metrifox-inspector://customer/cust-1?token=x", SECRET_OR_ADDRESS),
    ("metrifox-inspector://customer/cust-1?%61pi_key=x", SECRET_OR_ADDRESS),  # encoded names are read decoded
    ("metrifox-inspector://mfx_live_secret@customer/cust-1", SECRET_OR_ADDRESS),  # userinfo
    ("metrifox-inspector://user:pw@customer/cust-1", SECRET_OR_ADDRESS),
    ("metrifox-inspector://customer:8080/cust-1", SECRET_OR_ADDRESS),  # a port: an address
    ("metrifox-inspector://customer/cust-1?tab=invoices", EXTRA_PARTS),
    ("metrifox-inspector://customer/cust-1?profile=A&profile=B", EXTRA_PARTS),
    ("metrifox-inspector://customer/cust-1?profile", EXTRA_PARTS),
    ("metrifox-inspector://customer/cust-1#invoices", EXTRA_PARTS),
    ("metrifox-inspector://customer/cust-1#", EXTRA_PARTS),
    ("metrifox-inspector://customer/cust-1/invoices", EXTRA_PARTS),
    ("metrifox-inspector://customer/cust-1/", EXTRA_PARTS),
    ("metrifox-inspector://customer/", BAD_KEY),
    ("metrifox-inspector://customer", BAD_KEY),
    ("metrifox-inspector://customer/%20%20", BAD_KEY),
    ("metrifox-inspector://customer/cust%0A1", BAD_KEY),  # a control character once decoded
    ("metrifox-inspector://customer/%FF", BAD_KEY),  # not UTF-8
    ("metrifox-inspector://customer/" + "k" * 256, BAD_KEY),
    ("metrifox-inspector://customer/cust-1%E2%80%AEtxt", BAD_KEY),  # U+202E: would show as another key
    ("metrifox-inspector://customer/cust%E2%80%8B-1", BAD_KEY),  # a zero-width space
    ("metrifox-inspector://customer/%EF%BB%BFcust-1", BAD_KEY),  # a byte-order mark
    ("metrifox-inspector://customer/cust-1?profile=", BAD_PROFILE),
    ("metrifox-inspector://customer/cust-1?profile=" + "p" * 101, BAD_PROFILE),
    ("metrifox-inspector://customer/cust-1?profile=a%09b", BAD_PROFILE),
    ("metrifox-inspector://customer/cust-1\n", CONTROL_CHARACTERS),
    ("metrifox-inspector://customer/cust\x00-1", CONTROL_CHARACTERS),
    ("metrifox-inspector://customer/cust\x85-1", CONTROL_CHARACTERS),
    ("metrifox-inspector://customer/" + "k" * 3000, TOO_LONG),
]


@pytest.mark.parametrize(("link", "key", "profile"), ACCEPTED)
def test_a_customer_link_gives_its_key_and_profile(link: str, key: str, profile: str | None) -> None:
    assert parse_link(link) == OpenRequest(key, profile)


@pytest.mark.parametrize(("link", "reason"), REFUSED)
def test_anything_else_is_refused_with_its_one_sentence(link: str, reason: str) -> None:
    request = parse_link(link)
    assert request == OpenRequest(refused=reason)  # no key, no profile: nothing else happens
    sentence = request.sentence
    assert sentence is not None
    assert sentence.endswith("so nothing was opened.")
    assert sentence.count(".") == 1 or "metrifox-inspector://" in sentence  # one sentence
    assert "secret" not in sentence  # what the link held is never repeated


def test_a_link_with_an_api_key_is_refused_with_its_sentence() -> None:
    request = parse_link("metrifox-inspector://customer/cust-1?api_key=mfx_live_abc")
    assert request.sentence == (
        "This link tries to pass an API key or an address, which links never carry, so nothing was opened."
    )
    assert request.key is None
    assert "mfx_live_abc" not in repr(request)


def test_the_limits_are_the_apps_own() -> None:
    assert handoff.MAX_KEY_CHARS == settings.MAX_RECENT_KEY_CHARS
    assert handoff.MAX_PROFILE_CHARS == settings.MAX_PROFILE_NAME
    for link, key, _profile in ACCEPTED:  # what a link gives is a key the recent list would keep
        assert settings.recent_key(key) == key, link


START = [
    ((None, None), OpenRequest()),  # a plain start: the running window only comes to the front
    (("cust-1", None), OpenRequest("cust-1")),
    ((" 'cust-1'\n", None), OpenRequest("cust-1")),  # cleaned as a pasted key
    (("cust-1", "Sandbox"), OpenRequest("cust-1", "Sandbox")),
    (("   ", None), OpenRequest(refused=BAD_START_KEY)),  # no link was used: its sentence says so
    (("metrifox-inspector://customer/cust-1", "Sandbox"), OpenRequest("cust-1", "Sandbox")),
    (("metrifox-inspector://customer/cust-1?profile=EU", "Sandbox"), OpenRequest("cust-1", "EU")),  # the link's
    (("metrifox-inspector://customer/cust-1?key=x", "Sandbox"), OpenRequest(refused=SECRET_OR_ADDRESS)),
    (("Metrifox-Inspector:cust-1", None), OpenRequest(refused=NOT_A_CUSTOMER_LINK)),
]


@pytest.mark.parametrize(("given", "request_"), START)
def test_what_a_start_asks_for(given: tuple[str | None, str | None], request_: OpenRequest) -> None:
    assert start_request(*given) == request_


@pytest.mark.parametrize(
    "request_",
    [OpenRequest(), OpenRequest("cust-1"), OpenRequest("ключ/7 ü", "EU Sandbox"), OpenRequest(refused=TOO_LONG)],
)
def test_a_message_is_one_bounded_line_and_reads_back(request_: OpenRequest) -> None:
    data = encode_message(request_)
    assert data.endswith(b"\n")
    assert data.count(b"\n") == 1
    assert len(data) <= handoff.MAX_MESSAGE_BYTES
    assert json.loads(data)["v"] == handoff.MESSAGE_VERSION
    assert decode_message(data.rstrip(b"\n")) == request_


def test_the_longest_request_fits_in_a_message() -> None:
    longest = OpenRequest("\u4e00" * handoff.MAX_KEY_CHARS, "\u4e00" * handoff.MAX_PROFILE_CHARS)
    assert len(encode_message(longest)) <= handoff.MAX_MESSAGE_BYTES


BAD_MESSAGES = [
    (b"garbage", "not JSON"),
    (b"\xff\xfe", "not JSON"),
    (b"[1, 2]", "not a JSON object"),
    (b'{"key": "cust-1"}', "not version 1"),
    (b'{"v": 2, "key": "cust-1"}', "not version 1"),
    (b'{"v": "1", "key": "cust-1"}', "not version 1"),
    (b'{"v": 1, "key": "cust-1", "api_key": "x"}', "unknown fields"),
    (b'{"v": 1, "key": 7}', "a field is not text"),
    (b'{"v": 1, "key": "  "}', "the key breaks the key rules"),
    (b'{"v": 1, "key": "a\\nb"}', "the key breaks the key rules"),
    (b'{"v": 1, "key": " cust-1"}', "the key breaks the key rules"),  # never cleaned here: sent cleaned
    (b'{"v": 1, "key": "cust-1", "profile": "a\\u0000"}', "the profile's name breaks the rules"),
    (b'{"v": 1, "refused": "because"}', "not a known refusal"),
    (b'{"v": 1, "refused": "too-long", "key": "cust-1"}', "not a known refusal"),
    (b'{"v": 1, "key": "' + b"k" * 5000 + b'"}', "longer than 4096 bytes"),
]


@pytest.mark.parametrize(("line", "why"), BAD_MESSAGES)
def test_a_bad_message_is_refused_saying_why_never_what(line: bytes, why: str) -> None:
    with pytest.raises(BadMessage) as caught:
        decode_message(line)
    assert str(caught.value) == why


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path: pytest's own may be too long for a socket's (over 100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="mi-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_start_key_refusal_says_a_key_was_given_not_a_link() -> None:
    sentence = start_request("  ", None).sentence
    assert sentence is not None
    assert "link" not in sentence
    assert sentence.startswith("The customer key given to metrifox-inspector is empty")


def test_the_server_name_is_per_person_in_a_folder_only_they_may_enter(short_tmp: Path) -> None:
    runtime = short_tmp / "runtime"
    runtime.mkdir(mode=0o700)
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    first = server_name("/home/a/.config/Metrifox/AccountInspector.ini", environ=env, platform="linux")
    other = server_name("/home/b/.config/Metrifox/AccountInspector.ini", environ=env, platform="linux")
    assert first is not None
    assert other is not None
    assert Path(first).parent == runtime
    assert first != other
    assert first == server_name("/home/a/.config/Metrifox/AccountInspector.ini", environ=env, platform="linux")


def test_a_runtime_folder_others_may_enter_is_not_used(short_tmp: Path) -> None:
    shared = short_tmp / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    temp = short_tmp / "tmp"
    temp.mkdir()
    env = {"XDG_RUNTIME_DIR": str(shared), "TMPDIR": str(temp)}
    assert server_name("x", environ=env, platform="linux") is None  # the private folder is not made yet
    name = server_name("x", environ=env, platform="linux", create=True)
    assert name is not None
    folder = Path(name).parent
    assert folder == temp / f"metrifox-inspector-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_private_folder_someone_opened_up_is_not_used(tmp_path: Path) -> None:
    env = {"TMPDIR": str(tmp_path)}
    folder = tmp_path / f"metrifox-inspector-{os.getuid()}"
    folder.mkdir(mode=0o700)
    folder.chmod(0o755)  # others could read it: a socket there might not be ours
    assert server_name("x", environ=env, platform="linux", create=True) is None
    folder.rmdir()
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    folder.symlink_to(tmp_path / "elsewhere")  # a link, not the folder itself
    assert server_name("x", environ=env, platform="linux", create=True) is None


def test_on_windows_a_pipe_name_of_the_user() -> None:
    name = server_name(
        "C:/Users/ana/AppData/Roaming/Metrifox/AccountInspector.ini", environ={"USERNAME": "ana"}, platform="win32"
    )
    assert name is not None
    assert name.startswith("metrifox-inspector-ana-")
    assert "/" not in name
    assert handoff.server_exists(name, platform="win32")  # a pipe can only be tried


def test_no_socket_file_means_no_window_to_ask(tmp_path: Path) -> None:
    assert not handoff.server_exists(str(tmp_path / "none"), platform="linux")


def test_a_socket_path_too_long_to_listen_on_is_no_name(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True, mode=0o700)
    deep.chmod(0o700)
    assert server_name("x", environ={"XDG_RUNTIME_DIR": str(deep)}, platform="linux") is None
    short = server_name("x", environ={"XDG_RUNTIME_DIR": str(tmp_path)}, platform="linux")
    assert short is None or len(short.encode()) <= handoff.MAX_SOCKET_PATH
