"""MkDocs hooks of the staff handbook (listed under ``hooks:`` in mkdocs.yml).

Costs of a Material build that have nothing to do with our pages:

- Compiling Material's Jinja templates (about 1.2 of 2 s). Jinja's bytecode
  cache keeps the compiled templates: in memory for the next build in the
  same process, and on disk for the next process (the default folder is
  private to the user: Jinja creates it 0700 and refuses one owned by
  someone else).
- Listing the theme's static files: MkDocs walks every file of the theme,
  14,000 icons in Material's hidden ``.icons`` folder included, and then
  drops every hidden path with its filter. Walking without descending into
  hidden folders gives the same list (about 0.3 s sooner), and the walk is
  kept for the next build in the same process.
- A new Jinja environment per build: one per theme serves every build of
  a process (its loaded templates with it).
"""

from __future__ import annotations

import os

import jinja2

_cache: jinja2.BytecodeCache | None = None


def on_config(config):
    theme = config.theme
    if getattr(theme, "_policypack_env", None) is not None:
        return config  # a configuration loaded once and built many times (generator/handbook/engine.py)
    make_env = theme.get_env
    made: list[jinja2.Environment] = []

    def get_env() -> jinja2.Environment:
        # One environment per theme: its templates, once loaded, serve every
        # build of the process (MkDocs would make a new one per build).
        if made:
            return made[0]
        env = make_env()
        loader = env.loader
        if isinstance(loader, jinja2.FileSystemLoader):
            original = env.list_templates

            def list_templates(extensions=None, filter_func=None):
                if filter_func is None:  # not MkDocs' static-file listing: do as Jinja does
                    return original(extensions, filter_func)
                return _visible_templates(loader, extensions, filter_func)

            env.list_templates = list_templates
        made.append(env)
        return env

    theme.get_env = get_env
    theme._policypack_env = get_env
    return config


_listed: dict = {}  # the theme folders -> their visible files (the theme does not change while we run)


def _visible_templates(loader: jinja2.FileSystemLoader, extensions, filter_func) -> list[str]:
    key = (tuple(os.fspath(root) for root in loader.searchpath), loader.followlinks)
    if key not in _listed:
        _listed[key] = _walk(loader)
    found = _listed[key]
    if extensions is not None:
        found = [n for n in found if "." in n and n.rsplit(".", 1)[1] in extensions]
    return [n for n in found if filter_func(n)]


def _walk(loader: jinja2.FileSystemLoader) -> list[str]:
    names: set[str] = set()
    for root in loader.searchpath:
        root = os.fspath(root)
        for base, folders, files in os.walk(root, followlinks=loader.followlinks):
            folders[:] = [f for f in folders if not f.startswith(".")]
            for name in files:
                names.add(os.path.relpath(os.path.join(base, name), root).replace(os.sep, "/"))
    return sorted(names)


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    global _cache
    if _cache is None:
        try:
            _cache = jinja2.FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # no usable temporary folder: compile as usual
            return env
    env.bytecode_cache = _cache
    return env
