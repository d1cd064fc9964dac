"""Helpers of the handbook tests (importable as ``handbook_kit``)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib
import re
import shutil
from types import SimpleNamespace

import markdown
from helpers import ROOT
from mkdocs.config.defaults import MkDocsConfig

from generator.documents.base import BuildInputs
from generator.documents.policy import documents as policy_documents
from generator.handbook.build import build_handbook
from generator.handbook.config import base_config
from generator.handbook.pages import SITE_DIR
from generator.profile.load import load_profile

TODAY = "2026-11-23"
BUILD_DAY = dt.date(2026, 11, 23)
# The one console error Chromium prints for any Material site opened from file://.
ALLOWED_CONSOLE = ("Couldn't load preload assets",)


class Visit:
    """One browser context: requests to anything but file:// are blocked and kept."""

    def __init__(self, browser, width: int = 1280, height: int = 900, color_scheme: str = "light") -> None:
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []  # alert() and friends: a sign of script injection
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB",
                                           color_scheme=color_scheme)
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def page(self, url: str):
        page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and not m.text.startswith(ALLOWED_CONSOLE)
                and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.wait_for_load_state("load")
        return page


def url_of(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def profile_copy(tmp_path, replace: dict[str, str] | None = None, closure_off: bool = False):
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    path = folder / "example.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    if closure_off:
        text = re.sub(r"^closure:\n  enabled: true", "closure:\n  enabled: false", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    return path


def inputs_of(path) -> BuildInputs:
    return BuildInputs.create(load_profile(str(path), BUILD_DAY).profile, BUILD_DAY)


def build(tmp_path, path, documents=None, outputs=()):
    inputs = inputs_of(path)
    documents = policy_documents(inputs) if documents is None else documents
    folder = tmp_path / "out" / "handbook"
    site = build_handbook(inputs, list(documents), list(outputs), str(folder), {})
    return folder, site


def all_text(folder) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".js", ".json", ".xml"))


def load_hooks():
    """site/hooks.py as a module, as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location("handbook_hooks", SITE_DIR / "hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def markdown_as_built(text: str, hooks: bool = True) -> str:
    """``text`` converted as a handbook build converts a page: MkDocs' built-in
    extensions, then the configured ones, then (``hooks``) what site/hooks.py adds."""
    config = base_config()
    names, configs = list(MkDocsConfig.markdown_extensions.builtins), {}
    for item in config["markdown_extensions"]:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, {}))
        if name not in names:
            names.append(name)
        configs[name] = options or {}
    extensions: list = list(names)
    if hooks:
        load_hooks().on_config(SimpleNamespace(markdown_extensions=extensions))
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)
