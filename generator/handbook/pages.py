"""The handbook's pages, as Markdown text and files for a MkDocs docs folder.

Everything here is in memory: ``assemble`` returns a ``Site`` (pages, files,
nav, banner); ``generator.handbook.build`` writes it out and runs MkDocs.

Words around the content come from ``templates/handbook/`` (content
templates rendered for the ``public`` audience, so private numbers are gone
before a template sees them); the policy, flowchart and addendum text are the
pack's own blocks, re-serialised by ``generator.handbook.markdown``.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.documents import addendum, forms
from generator.documents.base import BuildInputs, Output, Skipped
from generator.documents.flowchart import produce as flowchart
from generator.errors import TemplateProblem
from generator.handbook import chrome
from generator.handbook.markdown import Labels, escape, html_text, render
from generator.handbook.privacy import Guard
from generator.render.blocks import Block, Document, Heading, Run
from generator.render.content import render_blocks
from generator.render.markdown_blocks import parse_markdown
from generator.sources.data import parse_template_yaml
from generator.sources.templates import TemplateSet, shipped_folder
from generator.store.reviews import default_db_path, read_history

SITE_DIR = shipped_folder("site", "mkdocs.yml")  # the MkDocs project


@dataclass
class Site:
    site_name: str
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative path -> Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> bytes
    nav: list = field(default_factory=list)  # MkDocs nav (paths; titles come from each page's h1)
    banner: dict | None = None
    draft: dict | None = None  # the draft notice while the policy has prompts to answer
    withheld: list[str] = field(default_factory=list)  # downloads left out because they hold private data
    chrome: dict = field(default_factory=dict)  # footer, print heading, report action, theme words (chrome.py)


# The producer module of each kind of document the site shows, re-run for the
# public audience when the pack's copy was made for staff.
PRODUCERS = {"addendum": addendum, "flowchart": flowchart, "form": forms}


@dataclass
class PublicInputs(BuildInputs):
    """BuildInputs whose every context is the ``public`` one (private numbers gone)."""

    def context(self, audience: str) -> dict:
        return super().context("public")

    @classmethod
    def of(cls, inputs: BuildInputs) -> PublicInputs:
        return cls(inputs.profile, inputs.templates, inputs.today, inputs.prompts, other_kinds=inputs.other_kinds,
                   history=inputs.approvals, profile_sha256=inputs.profile_digest)


def handbook_templates(inputs: BuildInputs) -> TemplateSet:
    """``templates/handbook/*`` through the same search path as every other
    template, so a setting's or LA's folder may override them too."""
    return inputs.templates


def _labels(templates: TemplateSet) -> dict:
    """The labels, built-in first, each override folder's file merged over them
    key by key (so a setting may change one word and keep the rest)."""
    merged: dict = {}
    for folder in reversed(templates.dirs):
        single = TemplateSet((folder,))
        try:
            path = single.find("handbook/labels.yaml")
        except TemplateProblem:
            continue
        data = parse_template_yaml(single.read("handbook/labels.yaml"), path, "handbook/labels.yaml") or {}
        if not isinstance(data, dict):
            raise TemplateProblem(f"{path}: expected a mapping of labels", "write key: value lines, as in the built-in file")
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def _safe_relpath(path: str) -> str:
    """A pack-relative path that stays inside the docs folder."""
    clean = posixpath.normpath(path.replace("\\", "/"))
    if clean.startswith(("../", "/")) or clean == "..":
        raise ValueError(f"output path escapes the pack: {path}")
    return clean


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


class Assembler:
    def __init__(self, inputs: BuildInputs, pack_root: str | None, pdf_paths: dict[str, str] | None,
                 guard: Guard | None = None) -> None:
        self.inputs = inputs
        self.pack_root = pack_root
        self.pdf_paths = pdf_paths or {}
        self.templates = handbook_templates(inputs)
        self.labels = _labels(self.templates)
        callouts = self.labels.get("callouts", {})
        self.block_labels = Labels(**{k: str(v) for k, v in callouts.items() if k in Labels.__dataclass_fields__})
        self.guard = guard or Guard.for_profile(inputs.profile)
        self.context = inputs.context("public")
        self._public: dict[tuple[str, str, bool], list] = {}  # public items, as the site wants them
        self._produced: dict[tuple[str, str], list] = {}  # what each producer made for the public
        self.downloaded: dict[str, list[dict]] = {}  # kind -> the download items already on the site
        # The recorded approvals, newest first (the footer and the review page).
        self.history = sorted(inputs.approvals, key=lambda a: (a.approved_on, a.number), reverse=True)
        org = inputs.profile.organisation.name
        self.site = Site(site_name=str(self.labels.get("site_name", "{org}")).replace("{org}", org))

    # -- helpers ------------------------------------------------------------

    def _template(self, name: str, **extra) -> tuple[Block, ...]:
        context = {**self.context, **extra} if extra else self.context
        return render_blocks(self.templates, f"handbook/{name}", context)

    def _markdown(self, blocks: tuple[Block, ...], **options) -> str:
        text = render(blocks, self.block_labels, may_link=self._may_link, **options)
        return self.guard.redact(text, str(self.labels.get("redacted", "")))

    def _may_link(self, text: str) -> bool:
        """A number or address becomes a tap-to-call/email link unless it is private."""
        return not self.guard.found(text)

    def _nav_title(self, key: str) -> str:
        # Material prints nav titles unescaped.
        return html_text(str(self.labels.get("nav", {}).get(key, key.title())))

    def _nav(self, key: str, page: str) -> None:
        """A short title in the nav (the page's own h1 may be longer)."""
        if key in self.labels.get("nav", {}):
            self.site.nav.append({self._nav_title(key): page})
        else:
            self.site.nav.append(page)  # MkDocs takes the title from the page's h1

    def _copy(self, output: Output, folder: str, with_pdf: bool = True) -> dict | None:
        """Put a download (and its PDF) into the docs folder: {title, docx, size,
        pdf, pdf_size} (``docx`` is the file's link, whatever its type); None when withheld."""
        relative = _safe_relpath(output.path)
        if self.guard.leaks_in_file(relative, output.data):
            self.site.withheld.append(relative)
            return None
        target = f"{folder}/{relative}"
        self.site.files[target] = output.data
        item = {"title": output.title, "docx": target, "size": chrome.file_size(len(output.data), self.labels),
                "pdf": None, "pdf_size": None}
        pdf = self.pdf_paths.get(output.path) if with_pdf else None
        if pdf and self.pack_root:
            source = os.path.join(self.pack_root, pdf)
            if os.path.isfile(source):
                item["pdf"] = f"{folder}/{_safe_relpath(pdf)}"
                with open(source, "rb") as handle:
                    self.site.files[item["pdf"]] = data = handle.read()
                item["pdf_size"] = chrome.file_size(len(data), self.labels)
        return item

    @cached_property
    def public_inputs(self) -> PublicInputs:
        """One public rendering context for every public copy of this handbook."""
        return PublicInputs.of(self.inputs)

    def public_items(self, kind: str, given: list, full: bool = False) -> list:
        """The items of ``kind`` rendered for the public audience.

        Documents already made for the public are used as they are; staff
        documents (addendum, flowcharts, forms) are rendered again by their
        producer with the public context.  Nothing is invented: a kind the
        pack does not have stays absent.
        """
        if not given:
            return []
        if all(isinstance(item, Document) and item.audience == "public" for item in given):
            return given
        producer = PRODUCERS.get(kind)
        if producer is None:
            return given
        # A producer may offer a faster ``site_outputs`` (only what the site shows, no DOCX);
        # ``full`` asks for every file (the DOCX downloads).
        produce = (None if full else getattr(producer, "site_outputs", None)) or producer.documents
        as_files = not isinstance(given[0], Document)  # the pack has files of this kind
        key = (kind, produce.__name__, as_files)
        if key not in self._public:
            rendered = (kind, produce.__name__)
            if rendered not in self._produced:  # a page and a download of one kind render it once
                self._produced[rendered] = [item for item in produce(self.public_inputs)
                                            if not isinstance(item, Skipped) and getattr(item, "kind", None) == kind]
            produced = self._produced[rendered]
            if as_files:
                # A producer's Documents become files too.
                from generator.documents.docx_output import to_docx

                produced = [to_docx(item, self.public_inputs) if isinstance(item, Document) else item
                            for item in produced]
            self._public[key] = produced
        wanted = Document if isinstance(given[0], Document) else Output
        return [item for item in self._public[key] if isinstance(item, wanted)]

    # -- pages --------------------------------------------------------------

    def home(self) -> None:
        body = self._markdown(self._template("home.md"))
        self.site.pages["index.md"] = f'<div class="pp-contacts" markdown>\n\n{body}\n</div>\n'
        self._nav("home", "index.md")

    def policy(self, document: Document) -> None:
        if document.status == "draft":
            words = self.labels.get("draft", {})
            self.site.draft = {"title": str(words.get("title", "")), "text": str(words.get("text", ""))}
        sections = document.sections or (("policy.md", document.blocks),)
        entries = []
        for number, (template_name, blocks) in enumerate(sections, 1):
            if not blocks:
                continue
            stem = Path(template_name).stem
            path = f"policy/{_slug(stem)}.md"
            if not isinstance(blocks[0], Heading) or blocks[0].level != 1:
                blocks = (Heading(1, (Run(document.title),)),) + tuple(blocks)
            self.site.pages[path] = self._markdown(tuple(blocks), number=str(number))
            entries.append(path)
        if entries:
            self.site.nav.append({self._nav_title("policy"): entries})

    def flowchart(self, outputs: list[Output]) -> None:
        """One page per flowchart (so that each prints on one A4 sheet): the
        first is ``flowchart.md``, the others ``flowchart-<name>.md``."""
        # When the downloads page will need public copies of the charts' DOCX
        # too, one rendering serves both (a chart is laid out once, not twice).
        charts = self.public_items("flowchart", [o for o in outputs if o.kind == "flowchart" and o.publish],
                                   full=self._staff_only(self._downloadable("flowchart", outputs)))
        svgs = [o for o in charts if o.path.lower().endswith(".svg")]
        texts = {o.path: o for o in charts if o.path.lower().endswith("-text.md")}
        entries = []
        for svg in svgs:
            copied = self._copy(svg, "images")
            if not copied:
                continue
            text = texts.get(svg.path[:-len(".svg")] + "-text.md")
            blocks = parse_markdown(text.data.decode("utf-8"), text.path) if text else ()
            title = blocks[0].text if blocks and isinstance(blocks[0], Heading) else svg.title
            alt = str(self.labels.get("flowchart_alt", "{title}")).replace("{title}", title)
            parts = [f"# {escape(title)}",
                     f'<figure class="pp-flowchart" markdown>\n\n![{escape(alt)}]({copied["docx"]})\n\n</figure>',
                     self._markdown(self._template("flowchart.md")),
                     '<div class="pp-flowchart-text" markdown>',
                     self._markdown(_without_title(blocks)), "</div>"]
            page = "flowchart.md" if not entries else f"flowchart-{_slug(Path(svg.path).stem)}.md"
            self.site.pages[page] = "\n\n".join(parts) + "\n"
            entries.append(page)
        if len(entries) == 1:
            self._nav("flowchart", entries[0])
        elif entries:
            self.site.nav.append({self._nav_title("flowchart"): entries})

    def addendum(self, documents: list[Document]) -> None:
        """One page: the document's title, whether it is in force, then its sections one level down."""
        addenda = self.public_items("addendum", [d for d in documents if d.kind == "addendum"])
        if not addenda:
            return
        text = []
        for document in addenda:
            text.append(f"# {escape(document.title)}")
            text.append(self._markdown(self._template("addendum-status.md")))
            text.append(self._markdown(tuple(document.blocks), heading_offset=1))
        self.site.pages["addendum.md"] = "\n\n".join(text)
        self._nav("addendum", "addendum.md")

    def chrome(self) -> None:
        """The banner, footer, print heading and report action of every page."""
        profile, today = self.inputs.profile, self.inputs.today
        self.site.banner = chrome.banner(profile, today, self.labels, "addendum.md" in self.site.pages)
        footer = chrome.footer(profile, today, self.labels, self.history)
        self.site.chrome = {"footer": footer, "print": chrome.print_heading(profile, self.labels, footer),
                            "report": chrome.report_action(self.labels), "words": chrome.theme_words(self.labels),
                            "not_found": chrome.not_found(self.labels),
                            "palette": {k: str(v) for k, v in (self.labels.get("palette") or {}).items()}}

    def _items(self, kind: str, outputs: list[Output]) -> list[dict]:
        """The DOCX downloads of ``kind`` (public copies when the pack's are for staff)."""
        given = self._downloadable(kind, outputs)
        with_pdf = True
        if self._staff_only(given):
            # The pack's copies (and their PDFs) are for staff: use public ones, without PDFs.
            given = self._downloadable(kind, self.public_items(kind, given, full=True))
            with_pdf = False
        items = []
        for output in given:
            copied = self._copy(output, "downloads", with_pdf)
            if copied:
                items.append(copied)
        return items

    @staticmethod
    def _downloadable(kind: str, outputs: list[Output]) -> list[Output]:
        return [o for o in outputs if o.kind == kind and o.publish and o.path.lower().endswith(".docx")]

    def _staff_only(self, downloads: list[Output]) -> bool:
        """Do these DOCX files of the pack hold what the site must not publish?"""
        return any(self.guard.leaks_in_file(o.path, o.data) for o in downloads)

    def downloads(self, kind: str, outputs: list[Output], template: str, page: str, variable: str,
                  always: bool) -> list[dict]:
        items = self._items(kind, outputs)
        self.downloaded[kind] = items
        if not items and not always:
            return items
        self.site.pages[page] = self._markdown(self._template(template, **{variable: items}))
        self._nav(page[:-len(".md")], page)
        return items

    def documents(self, outputs: list[Output]) -> None:
        """The policy, flowcharts and addendum as files to take away."""
        items = [item for kind in ("policy", "flowchart", "addendum") for item in self._items(kind, outputs)]
        self.site.pages["documents.md"] = self._markdown(self._template("documents.md", documents=items))
        self._nav("documents", "documents.md")

    def report(self) -> None:
        """The page every page's "Report a concern" action leads to."""
        slug = str((self.labels.get("report") or {}).get("form", ""))
        form = next((f for f in self.downloaded.get("form", ()) if Path(f["docx"]).stem == slug), None)
        body = self._markdown(self._template("report.md", concern_form=form))
        self.site.pages["report.md"] = f'<div class="pp-contacts" markdown>\n\n{body}\n</div>\n'  # call buttons
        self.site.nav.insert(1, {self._nav_title("report"): "report.md"})  # second, after who to contact

    def review(self) -> None:
        # The pack's own approvals (``review record`` adds the one it records
        # before the database has it), newest first.
        history = sorted(self.inputs.approvals, key=lambda a: (a.approved_on, a.number), reverse=True)
        self.site.pages["review.md"] = self._markdown(self._template("review.md", history=history))
        self._nav("review", "review.md")


def _without_title(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
        return tuple(blocks[1:])
    return tuple(blocks)


def review_history(profile) -> list:
    """The organisation's recorded reviews, newest first; [] when there are none or
    the review tracker is not available (the page then shows the profile's dates)."""
    try:
        entries = read_history(default_db_path(Path(profile.source)), profile.organisation.id)
    except Exception:  # noqa: BLE001 - a damaged or locked history must not stop the handbook
        return []
    return sorted(entries, key=lambda e: e.reviewed_on, reverse=True)


def assemble(inputs: BuildInputs, documents: list[Document], outputs: list[Output],
             pack_root: str | None = None, pdf_paths: dict[str, str] | None = None,
             guard: Guard | None = None) -> Site:
    """Every page and file of the handbook, in nav order.  ``guard``: the
    privacy guard the build scans the finished site with (its verdicts are kept)."""
    parts = Assembler(inputs, pack_root, pdf_paths, guard)
    parts.home()
    for document in documents:
        if document.kind == "policy":
            parts.policy(document)
    parts.flowchart(outputs)
    parts.addendum(documents)
    parts.downloads("form", outputs, "forms.md", "forms.md", "forms", always=True)
    parts.downloads("letter", outputs, "letters.md", "letters.md", "letters", always=False)
    parts.documents(outputs)
    parts.report()
    parts.review()
    parts.chrome()
    return parts.site
