"""MkDocs for many handbooks in one process: the same work done once.

``run_mkdocs`` (build.py) is what one ``mkdocs build --strict`` does.  For
a batch, most of that is the same for every organisation, so here

- the configuration is validated and the theme and plugins are loaded once
  per process (per distinct organisation-independent configuration); each
  build only validates and sets the values that differ (``PER_BUILD``);
- the theme's Jinja environment is made once per loaded configuration, so
  its templates are loaded and compiled once, and the theme's folders (some
  14,500 files, most of them Material's icons) are listed once, not at every
  build (``_environment_once``);
- the theme's static files, and the handbook's own (site/assets), are not
  copied by MkDocs but placed from a ``ThemeStore`` (written once per batch,
  hard-linked into each site);
- the pages and downloads go to MkDocs from memory (``File.generated``), not
  through a docs folder: each is written once, into the site, not also into
  a folder MkDocs reads it back from (creating a file is the dearest step of
  writing one, and on Windows a virus scanner checks each new file);
- the sitemap, which a handbook opened from a shared drive never uses, is
  not built (the 404 page is: the handbook styles it for a web server).

The plugins' startup and shutdown events still run around every build, as
``mkdocs build`` runs them; plugin objects keep what they computed from the
unchanging configuration (e.g. Material's search language settings).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import threading
from contextlib import contextmanager

from generator.errors import BuildFailed

# Values of the generated configuration that differ from one build to the next.
PER_BUILD = ("site_name", "docs_dir", "site_dir", "nav", "extra")
# What MkDocs writes that a handbook never uses: a sitemap without a site URL.
WEB_SERVER_ONLY = frozenset({"sitemap.xml"})
_PLUGIN = "policypack-theme-files"

_lock = threading.RLock()
_configs: dict = {}  # the organisation-independent configuration (JSON) -> loaded MkDocsConfig


def build_site(config: dict, config_path: str, store, content: dict[str, str | bytes],
               static: dict[str, str]) -> frozenset[str]:
    """Build the site ``config`` describes (written at ``config_path``, read
    only the first time) from ``content`` (docs-relative POSIX path -> page
    Markdown or file bytes; the docs folder is empty), with the theme's files
    and ``static`` (site-relative POSIX path -> source file, the same in
    every site) placed from ``store``.  Returns the site-relative paths placed
    from the store."""
    with _lock:
        with strictly():
            mkdocs_config = _configured(config, config_path)
            collector = mkdocs_config.plugins[_PLUGIN]
            collector.content, collector.static = content, static
            try:
                run_build(mkdocs_config)
            finally:
                collector.content, collector.static = {}, {}
        return store.place(collector.placed, mkdocs_config.site_dir)


@contextmanager
def strictly():
    """What ``--strict`` means, for every handbook build: a configuration error
    or any warning fails the build, with MkDocs' own words."""
    from mkdocs.exceptions import Abort, ConfigurationError

    with collected_warnings() as messages:
        try:
            yield
        except (Abort, ConfigurationError) as exc:
            details = "; ".join(messages) or str(exc)
            raise BuildFailed(f"the handbook site did not build: {details}",
                              "fix the template or link named above (the build is strict: a broken link fails)") from None
    if messages:
        raise BuildFailed(f"the handbook site built with warnings: {'; '.join(messages)}",
                          "fix the template or link named above")


def run_build(mkdocs_config) -> None:
    """One MkDocs build, with the plugins' startup and shutdown events around it."""
    from mkdocs.commands.build import build

    mkdocs_config.plugins.on_startup(command="build", dirty=False)
    try:
        build(mkdocs_config)
    finally:
        mkdocs_config.plugins.on_shutdown()


def _configured(config: dict, config_path: str):
    fixed = json.dumps({k: v for k, v in config.items() if k not in PER_BUILD}, sort_keys=True, default=str)
    loaded = _configs.get(fixed)
    if loaded is None:
        if len(_configs) >= 8:  # the configuration should not depend on the organisation; if it does, memory stays flat
            _configs.clear()
        loaded = _configs[fixed] = _load(config_path)
    else:
        _set_per_build(loaded, config)
    return loaded


def _load(config_path: str):
    from mkdocs.config import load_config

    loaded = load_config(config_file=config_path, strict=True)
    loaded.theme.static_templates.difference_update(WEB_SERVER_ONLY)
    loaded.plugins[_PLUGIN] = collector = _theme_files_plugin()
    _environment_once(loaded.theme, collector)
    return loaded


def _environment_once(theme, collector) -> None:
    """Every build of this configuration gets the same Jinja environment.

    MkDocs asks the theme for a new environment at every build and lists the
    theme's folders through it (``Files.add_files_from_theme``).  The first
    build does that as usual, and the collector keeps what it found; later
    builds get the same environment, whose loader lists nothing, and the
    collector gives them the files the first build found.  Templates are not
    reloaded either: the theme does not change while policypack runs.
    """
    import jinja2

    env = theme.get_env()
    listing = env.loader

    class ListedOnce(jinja2.BaseLoader):
        def get_source(self, environment, template):
            return listing.get_source(environment, template)

        def list_templates(self):
            return [] if collector.found is not None else listing.list_templates()

    env.loader = ListedOnce()
    theme.get_env = lambda: env


def _set_per_build(loaded, config: dict) -> None:
    """Validate and set this build's own values, as ``load_config`` would."""
    from mkdocs.config.base import ValidationError
    from mkdocs.exceptions import ConfigurationError

    schema = dict(type(loaded)._schema)
    for key in PER_BUILD:
        option = schema[key]
        option.pre_validation(loaded, key)
        try:
            loaded[key] = option.validate(config.get(key, option.default))
        except ValidationError as exc:
            raise ConfigurationError(f"Config value '{key}': {exc}") from None
        if option.warnings:
            warnings = "; ".join(option.warnings)
            option.reset_warnings()
            raise ConfigurationError(f"Config value '{key}': {warnings}")
    for key in PER_BUILD:
        schema[key].post_validation(loaded, key)


def _theme_files_plugin():
    from mkdocs.plugins import BasePlugin

    class ThemeFiles(BasePlugin):
        """Gives MkDocs this build's pages and downloads from memory, takes the
        theme's static files out of its hands (they are placed from the
        ThemeStore, with the handbook's own) and drops the web-server-only pages.

        ``found``: the theme's files (site path -> source) as the first build
        listed them; ``placed``: those of this build and ``static`` (a file
        of the docs takes precedence over the theme's, as in MkDocs)."""

        def __init__(self) -> None:
            super().__init__()
            self.found: dict | None = None
            self.placed: dict = {}
            self.content: dict = {}
            self.static: dict = {}

        def on_files(self, files, *, config):
            from mkdocs.structure.files import File

            for uri in sorted(self.content, key=_walk_order):
                files.append(File.generated(config, uri, content=self.content[uri]))
            docs_dir = os.path.abspath(config.docs_dir)
            listed = {}
            for file in list(files):
                if file.src_dir is None or os.path.abspath(file.src_dir) == docs_dir:
                    continue
                files.remove(file)
                if file.src_uri not in WEB_SERVER_ONLY:
                    listed[file.dest_uri] = file.abs_src_path
            if self.found is None:
                self.found = listed
            own = {file.dest_uri for file in files}
            self.placed = {uri: source for uri, source in {**self.found, **self.static}.items() if uri not in own}
            return files

    return ThemeFiles()


def _walk_order(uri: str) -> tuple:
    """Where MkDocs would list the file ``uri`` reading a docs folder (files
    before subfolders, an index first, then by name), so that the search
    index and every list made from the files keep the order they had."""
    *folders, name = uri.split("/")
    return (*((1, folder) for folder in folders), (0, (posixpath.splitext(name)[0] not in ("index", "README"), name)))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected_warnings():
    """MkDocs' warnings, collected (strict: each fails the build); its INFO lines are not ours to print."""
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = logger.propagate, logger.level
    logger.addHandler(collect)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield collect.messages
    finally:
        logger.removeHandler(collect)
        logger.propagate, level = saved
        logger.setLevel(level)
