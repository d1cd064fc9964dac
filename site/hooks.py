"""MkDocs hooks of the staff handbook (listed under ``hooks:`` in mkdocs.yml).

Two costs of a Material build that have nothing to do with our pages:

- Compiling Material's Jinja templates (about 1.2 of 2 s). Jinja's bytecode
  cache keeps the compiled templates: in memory for the next build in the
  same process, and on disk for the next process (the default folder is
  private to the user: Jinja creates it 0700 and refuses one owned by
  someone else).
- Listing the theme's static files: MkDocs walks every file of the theme,
  14,000 icons in Material's hidden ``.icons`` folder included, and then
  drops every hidden path with its filter. Walking without descending into
  hidden folders gives the same list (about 0.3 s sooner).
"""

from __future__ import annotations

import os

import jinja2

_cache: jinja2.BytecodeCache | None = None


def on_config(config):
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        loader = env.loader
        if isinstance(loader, jinja2.FileSystemLoader):
            original = env.list_templates

            def list_templates(extensions=None, filter_func=None):
                if filter_func is None:  # not MkDocs' static-file listing: do as Jinja does
                    return original(extensions, filter_func)
                return _visible_templates(loader, extensions, filter_func)

            env.list_templates = list_templates
        return env

    theme.get_env = get_env
    return config


def _visible_templates(loader: jinja2.FileSystemLoader, extensions, filter_func) -> list[str]:
    names: set[str] = set()
    for root in loader.searchpath:
        root = os.fspath(root)
        for base, folders, files in os.walk(root, followlinks=loader.followlinks):
            folders[:] = [f for f in folders if not f.startswith(".")]
            for name in files:
                names.add(os.path.relpath(os.path.join(base, name), root).replace(os.sep, "/"))
    found = sorted(names)
    if extensions is not None:
        found = [n for n in found if "." in n and n.rsplit(".", 1)[1] in extensions]
    return [n for n in found if filter_func(n)]


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    global _cache
    if _cache is None:
        try:
            _cache = jinja2.FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # no usable temporary folder: compile as usual
            return env
    env.bytecode_cache = _cache
    return env
