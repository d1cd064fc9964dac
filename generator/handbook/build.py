"""Build the staff handbook site: blocks -> Markdown pages -> MkDocs (in-process).

``build_handbook`` is what ``policypack build`` calls; ``policypack handbook``
uses it too.  MkDocs runs in this process (no interpreter start-up and no
second import of MkDocs and Material: see bench/handbook_bench.py), with the
plugins' startup and shutdown events around the build as ``mkdocs build``
does, and strict: any warning (a broken link) fails the build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache

from generator.documents.base import BuildInputs, Output
from generator.errors import BuildFailed, UserError
from generator.handbook.config import make_config, write_config
from generator.handbook.engine import build_site, run_build, strictly
from generator.handbook.pages import SITE_DIR, Site, assemble
from generator.handbook.privacy import Guard
from generator.handbook.theme_store import ThemeStore
from generator.render.blocks import Document
from generator.writer import swap_in

STATIC = SITE_DIR / "assets"  # copied into every handbook as docs/assets
MARKERS = ("index.html", os.path.join("search", "search_index.js"))


def build_handbook(inputs: BuildInputs, documents: list[Document], outputs: list[Output], folder: str,
                   pdf_paths: dict[str, str] | None = None, theme_store: str | None = None,
                   extra_files: dict[str, bytes] | None = None) -> Site:
    """Build the site into ``folder`` (created; a previous handbook there is replaced).

    ``pdf_paths`` maps a DOCX output's path to its PDF's path, both relative to
    the pack folder, which is ``folder``'s parent.  ``theme_store`` is a
    folder, on the same file system, where a batch keeps the theme's files
    for all its sites (theme_store.py); without it this build keeps its own.
    ``extra_files`` (name -> bytes) are added beside the site's own, e.g. the
    manifest of a handbook built on its own.
    """
    folder = os.path.abspath(folder)
    _check_target(folder)
    guard = Guard.for_profile(inputs.profile)
    site = assemble(inputs, documents, outputs, os.path.dirname(folder), pdf_paths, guard)
    parent = os.path.dirname(folder)
    os.makedirs(parent, exist_ok=True)
    # Named like a pack's staging folder, so the next run removes it if this one is killed.
    with tempfile.TemporaryDirectory(prefix=f".{os.path.basename(folder)}.building-", dir=parent) as work:
        docs = os.path.join(work, "docs")
        built = os.path.join(work, "site")
        os.mkdir(docs)  # MkDocs wants a docs folder; the pages come from memory (engine.py)
        config = make_config(site, docs, built)
        config_path = write_config(config, os.path.join(work, "mkdocs.yml"))
        store = ThemeStore(theme_store or os.path.join(work, "theme"))
        theme_files = build_site(config, config_path, store, {**site.pages, **site.files}, static_files())
        # The theme's files were checked against the theme by hash and hold
        # no organisation data: the scan reads only what policypack wrote.
        check_privacy(built, guard, skip=theme_files)
        for name, data in (extra_files or {}).items():
            _write(os.path.join(built, name), data)
        swap_in(built, folder)
    return site


def _check_target(folder: str) -> None:
    """Never wipe a folder that is not a previous handbook (e.g. ``-o .``)."""
    if not os.path.exists(folder):
        return
    if not os.path.isdir(folder):
        raise UserError(f"{folder} is a file, not a folder", "choose another output folder")
    if os.listdir(folder) and not all(os.path.exists(os.path.join(folder, m)) for m in MARKERS):
        raise UserError(f"{folder} is not empty and does not hold a handbook; policypack will not replace it",
                        "choose an empty or new output folder")


@lru_cache(maxsize=1)
def static_files() -> dict[str, str]:
    """The handbook's own CSS and scripts: site-relative POSIX path -> source file."""
    return {f"assets/{path.relative_to(STATIC).as_posix()}": str(path)
            for path in sorted(STATIC.rglob("*")) if path.is_file()}


def write_docs(site: Site, docs: str) -> None:
    """The docs folder a plain ``mkdocs build`` would read (bench/, tests/):
    policypack's own builds give MkDocs the same files from memory."""
    shutil.copytree(STATIC, os.path.join(docs, "assets"))
    for relative, text in site.pages.items():
        _write(os.path.join(docs, relative), text.encode("utf-8"))
    for relative, data in site.files.items():
        _write(os.path.join(docs, relative), data)


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)


def run_mkdocs(config_path: str) -> None:
    """``mkdocs build --strict`` of one configuration file, in this process, from
    scratch (nothing kept between calls: see engine.py for the batch path);
    warnings become a BuildFailed."""
    from mkdocs.config import load_config

    with strictly():
        run_build(load_config(config_file=config_path, strict=True))


def check_privacy(site_dir: str, guard: Guard, skip: frozenset[str] = frozenset()) -> None:
    """Refuse to publish a site in which any file holds a private number or email.
    ``skip``: site-relative POSIX paths known to hold none (the theme's files)."""
    if guard.pattern is None:
        return
    for base, _, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(base, name)
            if os.path.relpath(path, site_dir).replace(os.sep, "/") in skip:
                continue
            with open(path, "rb") as handle:
                if guard.leaks_in_file(name, handle.read()):
                    relative = os.path.relpath(path, site_dir)
                    raise BuildFailed(f"the handbook would publish a private number or email in {relative}",
                                      "report this as a bug; the site was not written")
