"""The generated MkDocs configuration: ``site/mkdocs.yml`` plus the organisation.

The base file holds everything that is the same for every handbook (theme,
offline settings, strict validation, extensions); this module adds the
organisation's name, the nav, the paths of this build and what every page
carries (closure banner, footer, print heading, report action, theme words).
Paths are made absolute, so the generated file can live anywhere.
"""

from __future__ import annotations

import os

import yaml

from generator.errors import TemplateProblem
from generator.handbook.markdown import html_text
from generator.handbook.pages import SITE_DIR, Site

BASE_CONFIG = SITE_DIR / "mkdocs.yml"
REQUIRED = {"use_directory_urls": False, "strict": True}


def base_config() -> dict:
    try:
        with open(BASE_CONFIG, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError:
        raise TemplateProblem(f"the handbook's base configuration {BASE_CONFIG} is missing",
                              "restore site/mkdocs.yml (reinstall policypack)") from None
    except yaml.YAMLError as exc:
        raise TemplateProblem(f"{BASE_CONFIG}: not valid YAML: {exc}", "fix site/mkdocs.yml") from None
    if not isinstance(data, dict):
        raise TemplateProblem(f"{BASE_CONFIG}: expected a mapping", "restore site/mkdocs.yml")
    return data


def make_config(site: Site, docs_dir: str, site_dir: str) -> dict:
    config = base_config()
    config.update(REQUIRED)
    config["site_name"] = html_text(site.site_name)
    config["docs_dir"] = os.path.abspath(docs_dir)
    config["site_dir"] = os.path.abspath(site_dir)
    config["nav"] = site.nav
    theme = dict(config.get("theme") or {})
    custom = theme.get("custom_dir")
    if custom:
        theme["custom_dir"] = str((SITE_DIR / custom).resolve())
    config["hooks"] = [str((SITE_DIR / hook).resolve()) for hook in config.get("hooks") or ()]
    theme["font"] = False  # never Google Fonts, whatever the base says
    config["theme"] = theme
    extra = dict(config.get("extra") or {})
    extra["generator"] = False
    extra["policypack_banner"] = site.banner
    extra["policypack_draft"] = site.draft
    extra["policypack"] = site.chrome
    palette = site.chrome.get("palette") or {}
    schemes = theme.get("palette")
    if isinstance(schemes, list):  # the light/dark switch's words come from the labels
        theme["palette"] = [_named(scheme, palette) for scheme in schemes]
    config["extra"] = extra
    return config


def _named(scheme: dict, words: dict) -> dict:
    scheme = dict(scheme)
    toggle = dict(scheme.get("toggle") or {})
    name = words.get("to_dark" if scheme.get("scheme") == "default" else "to_light")
    if toggle and name:
        toggle["name"] = html_text(name)
        scheme["toggle"] = toggle
    return scheme


def write_config(config: dict, path: str) -> str:
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, sort_keys=False, allow_unicode=True)
    return path
