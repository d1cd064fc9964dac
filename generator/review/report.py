"""The LA overview (HTML or DOCX) and the board's review-summary DOCX.

The tracker does not render policy documents: these two are its own small
reports.  HTML comes from ``templates/review/report.html.j2`` through a
sandboxed Jinja environment with HTML autoescaping, so profile text is
always shown as written.  The DOCX files are built with python-docx, with
every sentence taken from ``templates/review/wording.yaml``.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from generator.profile.model import Contact, Profile
from generator.review.dates import add_months
from generator.review.snapshot import REVIEW_TEMPLATES, tool_version
from generator.review.status import StatusRow
from generator.review.wording import capitalise, longdate, phrase, say
from generator.store.reviews import ReviewEntry

STALE_MONTHS = 12
LOCAL_CONTACTS = ("front_door", "out_of_hours", "lado", "la_safeguarding_officer", "consultation_line")


@dataclass(frozen=True)
class StaleContact:
    label: str
    verified: dt.date | None  # None: never checked


@dataclass(frozen=True)
class OverviewItem:
    row: StatusRow
    guidance: tuple[tuple[str, int, int | None], ...] = ()  # (title, cited, newest known in force)
    prompts: tuple[str, ...] | None = None  # questions of unanswered prompts; None: not checked
    stale_contacts: tuple[StaleContact, ...] = ()
    deputies: int = 0
    history: tuple[ReviewEntry, ...] = field(default=())


def stale_contacts(profile: Profile, today: dt.date) -> tuple[StaleContact, ...]:
    """Local contacts never checked, or last checked 12 months ago or more.

    National lines (police, NSPCC) are the same for every setting and left out.
    """
    labels = phrase("diff.contacts")
    limit = add_months(today, -STALE_MONTHS)
    found = []
    candidates: list[tuple[str, Contact | None]] = [
        (capitalise(labels[key]), getattr(profile.contacts, key)) for key in LOCAL_CONTACTS
    ]
    candidates += [(c.name or capitalise(labels["others"]), c) for c in profile.contacts.others]
    for label, contact in candidates:
        if contact is not None and (contact.verified is None or contact.verified <= limit):
            found.append(StaleContact(label, contact.verified))
    return tuple(found)


def incomplete_prompts(profile: Profile) -> tuple[str, ...] | None:
    """Questions of the prompts the profile has not answered; None when unknown."""
    from generator.documents.policy import missing_prompts

    try:
        return tuple(p.question for p in missing_prompts(profile))
    except Exception:  # noqa: BLE001 - a broken template tree must not stop the overview
        return None


def _named_or_cited(profile: Profile, series: str) -> int:
    """The edition the profile names when it is older than the one the
    documents cite (so the review flags the stale profile), else the cited one."""
    cited = getattr(profile.guidance, series)
    named = profile.guidance.named.get(series)
    return named if named and named < cited else cited


def guidance_cited(profile: Profile, today: dt.date) -> tuple[tuple[str, int, int | None], ...]:
    titles = phrase("diff.guidance")
    from generator.profile.guidance import newest_in_force

    return tuple(
        (titles[series], _named_or_cited(profile, series), newest_in_force(series, today))
        for series in ("kcsie", "working_together")
    )


def overview(rows: list[StatusRow], today: dt.date) -> list[OverviewItem]:
    items = []
    for row in rows:
        profile = row.profile
        if profile is None:
            items.append(OverviewItem(row=row))
            continue
        items.append(
            OverviewItem(
                row=row,
                guidance=guidance_cited(profile, today),
                prompts=incomplete_prompts(profile),
                stale_contacts=stale_contacts(profile, today),
                deputies=len(profile.people.deputy_dsls),
                history=row.history,
            )
        )
    return items


# -- HTML --------------------------------------------------------------------


def _environment():
    from generator.render.jinja_env import html_env

    env = html_env(str(REVIEW_TEMPLATES))
    env.filters["longdate"] = lambda day: longdate(day) if day else ""
    env.globals["say"] = say
    env.globals["phrase"] = phrase
    return env


def report_html(items: list[OverviewItem], today: dt.date) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(items=items, today=today, version=tool_version(), columns_shown=SUMMARY_COLUMNS,
                           summary_cells=summary_cells)


# -- DOCX --------------------------------------------------------------------


def _docx(title: str, today: dt.date):
    from docx import Document

    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.author = "policypack"
    moment = dt.datetime(today.year, today.month, today.day)
    properties.created = properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1
    document.add_heading(title, level=0)
    return document


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _minute(entry: ReviewEntry) -> str:
    return phrase("summary.minute").format(minute=entry.minute_ref) if entry.minute_ref else ""


def item_lines(item: OverviewItem) -> list[tuple[str, str]]:
    """(label, text) lines of one setting, shared by the DOCX report."""
    words = phrase("report")
    row = item.row
    if row.profile is None:
        return [(words["problems"], "\n".join(row.problems))]
    columns = words["columns"]
    lines = [(columns["last_reviewed"], longdate(row.last_reviewed) if row.last_reviewed else ""),
             (columns["approved_by"], row.approved_by or ""), (columns["owner"], row.owner or "")]
    for title, cited, newest in item.guidance:
        text = str(cited)
        if newest and cited < newest:
            text += ": " + words["guidance_old"].format(newest=newest)
        lines.append((f"{words['guidance']}: {title}", text))
    if item.prompts is None:
        lines.append((words["prompts"], words["prompts_unknown"]))
    else:
        lines.append((words["prompts"], "; ".join(item.prompts) if item.prompts else words["prompts_none"]))
    stale = [
        f"{c.label} ({words['checked_on'].format(date=longdate(c.verified)) if c.verified else words['never_checked']})"
        for c in item.stale_contacts
    ]
    lines.append((words["contacts"], "; ".join(stale) if stale else words["contacts_none"]))
    lines.append(
        (words["deputy"], words["deputies"].format(count=item.deputies) if item.deputies else words["no_deputy"])
    )
    history = [
        words["history_entry"].format(date=longdate(e.reviewed_on), approved_by=e.approved_by, minute=_minute(e))
        for e in item.history
    ]
    lines.append((words["history"], "; ".join(history) if history else words["history_none"]))
    return lines


SUMMARY_COLUMNS = ("setting", "state", "next_review", "days_left", "prompts", "stale_contacts")


def summary_cells(item: OverviewItem) -> tuple[str, ...]:
    """One row of the summary table that opens the report (HTML and DOCX)."""
    row = item.row
    unknown = phrase("report.not_known")
    checked = row.profile is not None
    return (
        row.name or row.path,
        phrase("states")[row.state.value],
        longdate(row.next_review) if row.next_review else "",
        "" if row.days_left is None else str(row.days_left),
        str(len(item.prompts)) if checked and item.prompts is not None else unknown,
        str(len(item.stale_contacts)) if checked else unknown,
    )


def report_docx(items: list[OverviewItem], today: dt.date) -> bytes:
    words = phrase("report")
    columns = words["columns"]
    document = _docx(words["title"], today)
    document.add_paragraph(words["generated"].format(count=len(items), date=longdate(today)))
    table = document.add_table(rows=1, cols=len(SUMMARY_COLUMNS))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, SUMMARY_COLUMNS):
        cell.text = columns[key]
    for item in items:
        for cell, value in zip(table.add_row().cells, summary_cells(item)):
            cell.text = value
    for item in items:
        document.add_heading(item.row.name or item.row.path, level=1)
        for label, text in item_lines(item):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(text)
    return _bytes(document)


def summary_docx(
    profile: Profile, last: ReviewEntry | None, changes: list[str], today: dt.date
) -> bytes:
    """The board's review summary: the last review and what changed since."""
    words = phrase("summary")
    document = _docx(words["title"], today)
    approver = profile.review.approved_by or phrase("diff.values.none")
    document.add_paragraph(words["subtitle"].format(organisation=profile.organisation.name, approver=approver))
    if last is None:
        document.add_paragraph(words["never"])
    else:
        document.add_paragraph(
            words["last_review"].format(
                date=longdate(last.reviewed_on), approved_by=last.approved_by, minute=_minute(last)
            )
        )
        document.add_heading(words["changes_heading"], level=1)
        for sentence in changes or [say("diff.nothing", date=longdate(last.reviewed_on))]:
            document.add_paragraph(sentence, style="List Bullet")
    document.add_paragraph(
        words["next_review"].format(date=longdate(add_months(today, profile.review.cycle_months)))
    )
    document.add_paragraph(words["prepared"].format(version=tool_version(), date=longdate(today)))
    return _bytes(document)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a report atomically; a missing folder is the user's to create."""
    from generator.errors import UserError
    from generator.review.yamledit import write_atomic

    from generator.writer import disk_fix

    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist.", "create it, or choose another -o file")
    try:
        write_atomic(path, data)  # all or nothing: on a failure the old file stays as it was
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}", disk_fix(exc)) from None


def report_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".docx":
        return "docx"
    from generator.errors import UserError

    raise UserError(f"Cannot tell the report's format from {path.name}.", "end the file name in .html or .docx")


def write_report(items: list[OverviewItem], path: Path, today: dt.date) -> None:
    kind = report_format(path)
    data = report_html(items, today).encode("utf-8") if kind == "html" else report_docx(items, today)
    write_bytes(path, data)

