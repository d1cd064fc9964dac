"""The handbook's pages, as Markdown text and files for a MkDocs docs folder.

Everything here is in memory: ``assemble`` returns a ``Site`` (pages, files,
nav, banner); ``generator.handbook.build`` writes it out and runs MkDocs.

Words around the content come from ``site/templates/handbook/`` (content
templates rendered for the ``public`` audience, so private numbers are gone
before a template sees them); the policy, flowchart and addendum text are the
pack's own blocks, re-serialised by ``generator.handbook.markdown``.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.blocks import Block, Document, Heading, Run
from generator.documents import BuildInputs, Output
from generator.errors import TemplateProblem
from generator.handbook.markdown import Labels, render
from generator.handbook.privacy import Guard
from generator.render.content import render_blocks
from generator.render.templates import TemplateSet

SITE_DIR = Path(__file__).resolve().parent.parent.parent / "site"
HANDBOOK_TEMPLATES = SITE_DIR / "templates"


@dataclass
class Site:
    site_name: str
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative path -> Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> bytes
    nav: list = field(default_factory=list)  # MkDocs nav (paths; titles come from each page's h1)
    banner: dict | None = None
    withheld: list[str] = field(default_factory=list)  # downloads left out because they hold private data


def handbook_templates(inputs: BuildInputs) -> TemplateSet:
    """A setting's or LA's template folders may override ``handbook/*.md`` too."""
    overrides = tuple(os.path.realpath(d) for d in inputs.profile.template_dirs)
    return TemplateSet(overrides + (str(HANDBOOK_TEMPLATES),))


def _labels(templates: TemplateSet) -> dict:
    try:
        data = yaml.safe_load(templates.read("handbook/labels.yaml"))
    except yaml.YAMLError as exc:
        raise TemplateProblem(f"{templates.find('handbook/labels.yaml')}: not valid YAML: {exc}",
                              "fix the labels file") from None
    if not isinstance(data, dict):
        raise TemplateProblem(f"{templates.find('handbook/labels.yaml')}: expected a mapping", "restore the labels file")
    return data


def _safe_relpath(path: str) -> str:
    """A pack-relative path that stays inside the docs folder."""
    clean = posixpath.normpath(path.replace("\\", "/"))
    if clean.startswith(("../", "/")) or clean == "..":
        raise ValueError(f"output path escapes the pack: {path}")
    return clean


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


class Assembler:
    def __init__(self, inputs: BuildInputs, pack_root: str | None, pdf_paths: dict[str, str] | None) -> None:
        self.inputs = inputs
        self.pack_root = pack_root
        self.pdf_paths = pdf_paths or {}
        self.templates = handbook_templates(inputs)
        self.labels = _labels(self.templates)
        callouts = self.labels.get("callouts", {})
        self.block_labels = Labels(**{k: str(v) for k, v in callouts.items() if k in Labels.__dataclass_fields__})
        self.guard = Guard.for_profile(inputs.profile)
        self.context = inputs.context("public")
        org = inputs.profile.organisation.name
        self.site = Site(site_name=str(self.labels.get("site_name", "{org}")).replace("{org}", org))

    # -- helpers ------------------------------------------------------------

    def _template(self, name: str, **extra) -> tuple[Block, ...]:
        context = {**self.context, **extra} if extra else self.context
        return render_blocks(self.templates, f"handbook/{name}", context)

    def _markdown(self, blocks: tuple[Block, ...], **options) -> str:
        text = render(blocks, self.block_labels, **options)
        return self.guard.redact(text, str(self.labels.get("redacted", "")))

    def _nav_title(self, key: str) -> str:
        return str(self.labels.get("nav", {}).get(key, key.title()))

    def _copy(self, output: Output, folder: str) -> tuple[str, str | None] | None:
        """Put a download (and its PDF) into the docs folder; None when withheld."""
        relative = _safe_relpath(output.path)
        if self.guard.leaks_in_file(relative, output.data):
            self.site.withheld.append(relative)
            return None
        target = f"{folder}/{relative}"
        self.site.files[target] = output.data
        pdf_target = None
        pdf = self.pdf_paths.get(output.path)
        if pdf and self.pack_root:
            source = os.path.join(self.pack_root, pdf)
            if os.path.isfile(source):
                pdf_target = f"{folder}/{_safe_relpath(pdf)}"
                with open(source, "rb") as handle:
                    self.site.files[pdf_target] = handle.read()
        return target, pdf_target

    # -- pages --------------------------------------------------------------

    def home(self) -> None:
        body = self._markdown(self._template("home.md"))
        self.site.pages["index.md"] = f'<div class="pp-contacts" markdown>\n\n{body}\n</div>\n'
        self.site.nav.append("index.md")

    def policy(self, document: Document) -> None:
        sections = document.extra.get("sections") or (("policy.md", document.blocks),)
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

    def flowchart(self, documents: list[Document], outputs: list[Output]) -> None:
        svgs = [o for o in outputs if o.kind == "flowchart" and o.publish and o.path.lower().endswith(".svg")]
        texts = [d for d in documents if d.kind == "flowchart"]
        if not svgs and not texts:
            return
        parts = [self._markdown(self._template("flowchart.md"))]
        title = texts[0].title if texts else self._nav_title("flowchart")
        for svg in svgs:
            copied = self._copy(svg, "images")
            if not copied:
                continue
            alt = str(self.labels.get("flowchart_alt", "{title}")).replace("{title}", svg.title or title)
            parts.append(f'<figure class="pp-flowchart" markdown>\n\n![{_alt(alt)}]({copied[0]})\n\n</figure>')
        for document in texts:
            parts.append(self._markdown(_without_title(document.blocks), heading_offset=1))
        self.site.pages["flowchart.md"] = "\n\n".join(parts) + "\n"
        self.site.nav.append("flowchart.md")

    def addendum(self, documents: list[Document]) -> None:
        addenda = [d for d in documents if d.kind == "addendum"]
        if not addenda:
            return
        text = []
        for document in addenda:
            blocks = document.blocks
            if not blocks or not isinstance(blocks[0], Heading) or blocks[0].level != 1:
                blocks = (Heading(1, (Run(document.title),)),) + tuple(blocks)
            elif text:
                blocks = _demote(blocks)
            text.append(self._markdown(tuple(blocks)))
        self.site.pages["addendum.md"] = "\n\n".join(text)
        self.site.nav.append("addendum.md")

    def banner(self) -> None:
        if not self.inputs.profile.closure.enabled:
            return
        words = self.labels.get("banner", {})
        link = "addendum.md" if "addendum.md" in self.site.pages else None
        self.site.banner = {"title": str(words.get("title", "")), "text": str(words.get("text", "")),
                            "link": "addendum.html" if link else None, "link_text": str(words.get("link_text", ""))}

    def downloads(self, kind: str, outputs: list[Output], template: str, page: str, variable: str,
                  always: bool) -> None:
        items = []
        for output in outputs:
            if output.kind != kind or not output.publish or not output.path.lower().endswith(".docx"):
                continue
            copied = self._copy(output, "downloads")
            if copied:
                items.append({"title": output.title, "docx": copied[0], "pdf": copied[1]})
        if not items and not always:
            return
        self.site.pages[page] = self._markdown(self._template(template, **{variable: items}))
        self.site.nav.append(page)

    def review(self) -> None:
        history = review_history(self.inputs.profile)
        self.site.pages["review.md"] = self._markdown(self._template("review.md", history=history))
        self.site.nav.append("review.md")


def _alt(text: str) -> str:
    return re.sub(r"([\[\]\\`*_{}()#+\-.!|])", r"\\\1", " ".join(text.split())).replace("<", "&lt;").replace(">", "&gt;")


def _without_title(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
        return tuple(blocks[1:])
    return tuple(blocks)


def _demote(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    return tuple(Heading(min(3, b.level + 1), b.runs, b.anchor) if isinstance(b, Heading) else b for b in blocks)


def review_history(profile) -> list:
    """The organisation's recorded reviews, newest first; [] when there are none or
    the review tracker is not available (the page then shows the profile's dates)."""
    try:
        from generator.review.store import default_db_path, read_history
    except ImportError:
        return []
    try:
        entries = read_history(default_db_path(Path(profile.source)), profile.organisation.id)
    except Exception:  # noqa: BLE001 - a damaged or locked history must not stop the handbook
        return []
    return sorted(entries, key=lambda e: e.reviewed_on, reverse=True)


def assemble(inputs: BuildInputs, documents: list[Document], outputs: list[Output],
             pack_root: str | None = None, pdf_paths: dict[str, str] | None = None) -> Site:
    """Every page and file of the handbook, in nav order."""
    parts = Assembler(inputs, pack_root, pdf_paths)
    parts.home()
    for document in documents:
        if document.kind == "policy":
            parts.policy(document)
    parts.flowchart(documents, outputs)
    parts.addendum(documents)
    parts.downloads("form", outputs, "forms.md", "forms.md", "forms", always=True)
    parts.downloads("letter", outputs, "letters.md", "letters.md", "letters", always=False)
    parts.review()
    parts.banner()
    return parts.site

