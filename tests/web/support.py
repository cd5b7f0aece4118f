"""Constants and assertions shared by the web tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime

PASSWORD = "a-long-test-password-1"

# 20:00 UTC on 1 March 2025 is 12:00 in Tijuana (PST, UTC-8).
SCHEDULED_AT = datetime(2025, 3, 1, 20, 0, tzinfo=UTC)
SCHEDULED_LOCAL = "2025-03-01 12:00"
OCCURRED_AT = datetime(2025, 2, 27, 17, 30, tzinfo=UTC)

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_SCRIPT_BODY = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
_STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def assert_csp_clean(html: str) -> None:
    """Fail if the page holds anything ``script-src 'self'; style-src 'self'`` would block."""
    assert not _INLINE_SCRIPT.search(html), "inline <script> without src"
    assert not _SCRIPT_BODY.search(html), "<script> with a body"
    assert not _STYLE_ATTRIBUTE.search(html), "style= attribute"
    assert not _STYLE_ELEMENT.search(html), "<style> element"
    assert not _EVENT_HANDLER.search(html), "inline event handler (on...=)"


_PER_RESPONSE = re.compile(rb'(name="(?:csrfmiddlewaretoken|next)" value=")[^"]*(")')


def without_per_response_values(content: bytes) -> bytes:
    """Blank what legitimately differs between two renders of one page: the CSRF token
    (masked afresh for every response) and the language switch's ``next`` (the page's own
    path). What is left must be identical for "missing" and "forbidden"."""
    return _PER_RESPONSE.sub(rb"\1\2", content)
