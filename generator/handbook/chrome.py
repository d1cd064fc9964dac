"""What every handbook page carries around its content: the closure banner,
the footer (review dates, approval, build time), the print heading, the
"Report a concern" action, the theme's own words and the 404 page.

Each piece is plain text (escaped by ``site/overrides`` when printed) built
from the handbook's labels (``templates/handbook/labels.yaml``, overridable
by a setting or LA) and the profile; nothing here is wording of its own.
"""

from __future__ import annotations

import datetime as dt
import re

from generator import clock
from generator.handbook.markdown import html_text
from generator.profile.model import Profile
from generator.render.filters import longdate

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(label: object, **values: str) -> str:
    """A label with its ``{name}`` placeholders replaced in one pass, so a value
    that itself contains ``{...}`` (profile text) is never replaced again."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), str(label or ""))


def _words(labels: dict, key: str) -> dict:
    value = labels.get(key)
    return value if isinstance(value, dict) else {}


def banner(profile: Profile, today: dt.date, labels: dict, addendum_page: bool) -> dict | None:
    """The closure banner, only while ``closure.active`` covers the build date."""
    closure = profile.closure
    if not closure.in_force(today):
        return None
    active = closure.active
    words = _words(labels, "banner")
    template = words.get("dates_until") if active.until else words.get("dates_open")
    dates = fill(template, start=longdate(active.start), until=longdate(active.until) if active.until else "",
                 reason=" ".join(active.reason.split()))
    return {"title": str(words.get("title", "")), "dates": dates, "text": str(words.get("text", "")),
            "link": "addendum.html" if addendum_page else None, "link_text": str(words.get("link_text", ""))}


def latest_approval(history: list) -> object | None:
    """The newest recorded approval (``history``: ``store`` Approvals, newest first), or None."""
    return history[0] if history else None


def built_at(today: dt.date) -> str:
    """When the site was built: the build date, with the time when
    ``SOURCE_DATE_EPOCH`` pins one (a reproducible build never reads the wall clock)."""
    moment = clock.build_datetime(today)
    if moment.time() == dt.time(0) or moment.date() != today:
        return longdate(today)
    return f"{longdate(moment.date())}, {moment:%H:%M} UTC"


def footer(profile: Profile, today: dt.date, labels: dict, history: list) -> list[dict]:
    """Label/value pairs shown at the foot of every page."""
    words = _words(labels, "footer")
    review = profile.review  # the dates every document prints
    latest = latest_approval(history)
    if latest is not None:
        template = words.get("approved_minute") if latest.minute_ref else words.get("approved_on")
        approval = fill(template, by=latest.approved_by, on=longdate(latest.approved_on), minute=latest.minute_ref or "")
    else:
        approval = review.approved_by or str(words.get("not_recorded", ""))
    return [
        {"label": str(words.get("last_reviewed", "")), "value": longdate(review.last_reviewed)},
        {"label": str(words.get("next_review", "")), "value": longdate(review.next_review)},
        {"label": str(words.get("approved", "")), "value": approval},
        {"label": str(words.get("built", "")), "value": built_at(today)},
    ]


def print_heading(profile: Profile, labels: dict, footer_items: list[dict]) -> dict:
    """The organisation and review dates printed above every page's title."""
    words = _words(labels, "print")
    return {"organisation": profile.organisation.name,
            "reviewed": fill(words.get("reviewed"), last=footer_items[0]["value"], next=footer_items[1]["value"],
                             built=footer_items[3]["value"])}


def report_action(labels: dict) -> dict:
    words = _words(labels, "report")
    return {"link": "report.html", "text": str(words.get("link_text", ""))}


def theme_words(labels: dict) -> dict:
    """Material's interface strings we set (language code, search box, skip link).

    Material prints some of them raw, so each is made safe for HTML here."""
    return {str(k): html_text(str(v)) for k, v in _words(labels, "theme").items()}


def not_found(labels: dict) -> dict:
    words = _words(labels, "not_found")
    return {"title": str(words.get("title", "")), "text": str(words.get("text", "")),
            "link_text": str(words.get("link_text", ""))}


def file_size(size: int, labels: dict) -> str:
    """``23 KB`` / ``1.4 MB``: the size shown beside a download."""
    words = _words(labels, "sizes")
    if size < 1000 * 1000:
        return fill(words.get("kb", "{n} KB"), n=str(max(1, round(size / 1000))))
    return fill(words.get("mb", "{n} MB"), n=f"{size / 1000 / 1000:.1f}")
