"""site/hooks.py: the faster theme-file listing gives MkDocs exactly the same files."""

from __future__ import annotations

import importlib.util

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.handbook.config import make_config, write_config
from generator.handbook.pages import SITE_DIR, Site


def load_hooks():
    spec = importlib.util.spec_from_file_location("handbook_hooks", SITE_DIR / "hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pruned_theme_listing_equals_mkdocs_own(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    path = write_config(make_config(Site("t", pages={}, nav=["index.md"]), str(docs), str(tmp_path / "site")),
                        str(tmp_path / "mkdocs.yml"))
    config = load_config(path)
    plain = Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    load_hooks().on_config(config)
    pruned = Files([])
    pruned.add_files_from_theme(config.theme.get_env(), config)
    assert sorted(f.src_uri for f in pruned) == sorted(f.src_uri for f in plain)
    assert any(f.src_uri.startswith("assets/javascripts/bundle.") for f in pruned)


def test_other_listings_are_untouched(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    path = write_config(make_config(Site("t"), str(docs), str(tmp_path / "site")), str(tmp_path / "mkdocs.yml"))
    config = load_config(path)
    before = config.theme.get_env().list_templates()
    load_hooks().on_config(config)
    assert config.theme.get_env().list_templates() == before
