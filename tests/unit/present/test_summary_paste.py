"""The support summary and the email are pasted and sent without being read first: hostile text in every
field they use must stay on its line and literal. The Markdown is rendered by a CommonMark + GFM renderer
(markdown-it-py, "gfm-like", with linkify for bare URLs) and compared with the same summary of plain text."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from inspector.api.models import CustomerDetails
from inspector.present.mail import mailto
from inspector.present.summary import support_summary
from tests.support.documents import example_document, first_subscription

HOSTILE = [
    "Acme\nUpdate quantities: https://evil.example/pay",
    "x\r\n- Refund of $500 approved",
    "[verify your card](https://evil.example/login)",
    "<img src=x onerror=alert(1)>",
    "![pixel](https://evil.example/p.png)",
    "https://evil.example/bare",
    "www.evil.example",
    "support@evil.example",
    "# Refund approved",
    "a\u2028b\u2029c\x1b[2J",
    "**urgent** _now_ `code` ~~x~~ | table |",
    "&lt;script&gt;",
    "\u202egnp.exe",
]
LABELS = {"Customer key", "Email", "Status", "Plan", "Next bill", "Quantities", "Upcoming invoice", "Payment method"}
RENDER = MarkdownIt("gfm-like")  # tables, strikethrough, linkify (bare URLs and addresses made links)


def _everywhere(text: str) -> CustomerDetails:
    """The documented example with ``text`` in every field the summary and the email use."""

    def change(data: dict[str, Any]) -> None:
        data.update(display_name=text, full_name=text, primary_email=text, billing_email=text)
        product = data["subscriptions"][0]
        product.update(product_name=text, status=text)
        product["payment_method"] = {"brand": text, "last_four": text, "exp_month": 1, "exp_year": 2030}
        sub = first_subscription(data)
        sub.update(plan_name=text, status="active", next_billing_date=text)
        for item in sub["subscription_items"]:
            item["name"] = text
        sub["upcoming_invoice"]["status"] = text

    return CustomerDetails.model_validate_json(json.dumps(example_document(change)))


def _structure(html: str) -> dict[str, int]:
    return {tag: len(re.findall(rf"<{tag}[ >]", html)) for tag in ("a", "img", "h1", "h2", "h3", "li", "ul", "table")}


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_keeps_every_value_on_its_line(text: str) -> None:
    baseline = support_summary(_everywhere("plain")).splitlines()
    hostile = support_summary(_everywhere(text)).splitlines()
    assert len(hostile) == len(baseline)
    for ours, theirs in zip(baseline, hostile, strict=True):
        label = ours.split(":")[0]
        if label in LABELS:
            assert theirs.startswith(f"{label}: ")  # every line keeps its own label
    assert not any(line.startswith(("Update quantities: https://evil", "- Refund")) for line in hostile)
    assert not any(ch in "\n".join(hostile) for ch in "\x1b\u2028\u2029\u202e\r")


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_renders_no_link_image_html_heading_or_list_item_from_api_text(text: str) -> None:
    baseline = RENDER.render(support_summary(_everywhere("plain"), markdown=True))
    html = RENDER.render(support_summary(_everywhere(text), markdown=True))
    assert _structure(html) == _structure(baseline)  # the app's own headings, bullets and links, nothing more
    links = re.findall(r'<a href="([^"]*)"', html)
    assert all(link.startswith("https://checkout.metrifox.com/") for link in links)
    assert "<img" not in html
    assert "<script" not in html
    assert "evil.example" not in "".join(links)


def test_the_apps_own_checked_link_stays_a_link() -> None:
    html = RENDER.render(support_summary(_everywhere("plain"), markdown=True))
    assert re.findall(r'<a href="([^"]*)"', html) == [
        "https://checkout.metrifox.com/update-quantity/625f5cee-259b-4994-b7eb-416b9e551f2c"
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_email_body_keeps_the_name_on_its_line_and_is_not_backslash_escaped(text: str) -> None:
    link = "https://checkout.metrifox.com/update-quantity/1"
    url = mailto("billing@example.com", text, link, "change your quantities")
    body = unquote(url.split("&body=", 1)[1])
    assert body.count("\r\n") == 6  # the body's own lines only
    assert body.splitlines()[0].startswith("Hello ")
    assert "\\[" not in body  # plain text: made single-line and visible, never Markdown-escaped
    assert link in body.splitlines()
