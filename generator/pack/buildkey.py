"""The build key: everything a pack was built from, so that an unchanged pack
is not built again (``policypack build`` says "unchanged"; ``--force`` rebuilds).

A pack's manifest records, under ``build_key``, one sha256 over:

- the resolved profile (after ``extends:``: the typed profile the build used),
  and the bytes of every profile file in the chain (the setting, its LA file);
- the organisation's logo;
- every template and master the build looked up, by name, with what each
  folder of the search path holds under that name (so a new override in a
  setting's folder counts, and a file only one setting uses rebuilds only
  that setting), and every folder listing it made (the policy's sections);
- the handbook's MkDocs project (``site/``), the review history the handbook
  shows, and policypack's version, code and the libraries that shape output;
- the options (``--pdf``, ``--no-handbook``);
- the dates: ``SOURCE_DATE_EPOCH``, the guidance editions in force, and the
  build date itself when a template prints ``today``.

The names looked up are kept in the manifest (``built_from``), so the next
run can compute the same key without building: a pack is skipped when the
key matches and every file still has the sha256 its manifest lists.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from generator import __version__, clock
from generator.sources.templates import Lookups, TemplateSet, recording, shipped_folder

# Libraries whose version changes the bytes of a pack.
LIBRARIES = ("mkdocs", "mkdocs-material", "python-docx", "docxtpl", "Jinja2", "markdown-it-py", "mdit-py-plugins",
             "Markdown", "pymdown-extensions", "lxml", "PyYAML", "phonenumbers")
# A Jinja tag that names ``today``: the output then depends on the build date.
_PRINTS_TODAY = re.compile(r"\{[{%](?:(?![}%]\}).)*?\btoday\b", re.DOTALL)

_file_digests: dict = {}  # (device, inode, size, mtime_ns) -> sha256 hex


def file_sha256(path: str, remember: bool = True) -> str | None:
    """sha256 of a file; None if there is none.  Remembered while the file's
    identity, size and mtime stay, so a template, or a theme file hard-linked
    into every handbook, is read once per process."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    key = (info.st_dev, info.st_ino or path, info.st_size, info.st_mtime_ns)
    digest = _file_digests.get(key)
    if digest is None:
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        if remember:
            if len(_file_digests) > 4096:  # templates, masters, theme files: a few hundred
                _file_digests.clear()
            _file_digests[key] = digest
    return digest


def folder_sha256(folder: str) -> str:
    """manifest.folder_digest of the files under ``folder``, without holding
    them in memory; hard-linked files (the handbook theme's) are hashed once."""
    digest = hashlib.sha256()
    names = []
    for base, _, files in os.walk(folder):
        names += [os.path.relpath(os.path.join(base, name), folder) for name in files]
    for name in sorted(names):
        path = os.path.join(folder, name)
        shared = os.stat(path).st_nlink > 1
        digest.update(name.encode("utf-8") + b"\0" + bytes.fromhex(file_sha256(path, remember=shared)))
    return digest.hexdigest()


def pack_intact(folder: str, manifest: dict) -> bool:
    """Does every file the manifest lists still have its sha256?"""
    try:
        for entry in manifest["documents"]:
            target = os.path.join(folder, entry["path"])
            if entry["kind"] == "handbook":
                if not os.path.isdir(target) or folder_sha256(target) != entry["sha256"]:
                    return False
            elif file_sha256(target, remember=False) != entry["sha256"]:
                return False
            if "pdf" in entry and file_sha256(os.path.join(folder, entry["pdf"]), remember=False) != entry["pdf_sha256"]:
                return False
    except (KeyError, TypeError, OSError, ValueError):
        return False
    return True


def built_from(profile, chain: tuple[str, ...], lookups: Lookups, options: dict) -> dict:
    """What ``build_key`` hashes: readable, so a reviewer can see why a pack was rebuilt."""
    templates = TemplateSet.for_dirs(profile.template_dirs)
    names = sorted(lookups.names)
    listings = sorted(lookups.listings)
    used = {name: [file_sha256(os.path.join(folder, name)) for folder in templates.dirs] for name in names}
    prints_today = any(_prints_today(os.path.join(folder, name))
                       for name in names if name.endswith((".md", ".yaml", ".yml", ".j2", ".html"))
                       for folder in templates.dirs)
    return {
        "profile": hashlib.sha256(repr(profile).encode("utf-8")).hexdigest(),
        "profile_files": [file_sha256(path) for path in chain],
        "logo": file_sha256(profile.organisation.logo) if getattr(profile.organisation, "logo", None) else None,
        "templates": names,
        "listings": [list(item) for item in listings],
        "templates_sha256": _digest(json.dumps([used, [templates.names(*item) for item in listings]])),
        "site_sha256": _site_digest(),
        "review_history": _digest(repr(_history(profile))),  # the policy's document control and the handbook show it
        "generator": _generator_digest(),
        "options": options,
        "dates": {"source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
                  "guidance": repr(profile.guidance),
                  "today": clock.today().isoformat() if prints_today else None},
    }


def build_options(pdf: bool, handbook: bool) -> dict:
    return {"pdf": pdf, "handbook": handbook}


def build_key(inputs: dict) -> str:
    return _digest(json.dumps(inputs, sort_keys=True))


def recorded_lookups(manifest: dict) -> Lookups | None:
    """The template names and listings a previous build recorded, if any."""
    recorded = manifest.get("built_from")
    if not isinstance(recorded, dict):
        return None
    names, listings = recorded.get("templates"), recorded.get("listings")
    if not isinstance(names, list) or not isinstance(listings, list):
        return None
    try:
        return Lookups(set(map(str, names)), {(str(a), str(b)) for a, b in listings})
    except (TypeError, ValueError):
        return None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _prints_today(path: str) -> bool:
    digest = file_sha256(path)
    return digest is not None and _text_prints_today(path, digest)


@lru_cache(maxsize=1024)
def _text_prints_today(path: str, digest: str) -> bool:  # keyed by the template's own content
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return bool(_PRINTS_TODAY.search(handle.read()))
    except OSError:
        return True


def _history(profile) -> list:
    """The recorded reviews the documents (document control, footers) and the handbook show."""
    from generator.store.reviews import default_db_path, read_history

    try:
        return read_history(default_db_path(Path(profile.source)), profile.organisation.id)
    except Exception:  # noqa: BLE001 - as the handbook: a damaged or locked history shows as none
        return []


@lru_cache(maxsize=1)
def _site_digest() -> str:
    site = shipped_folder("site", "mkdocs.yml")
    return _folder_digest(site)


@lru_cache(maxsize=1)
def _generator_digest() -> str:
    """policypack's version, its own code and data, and the libraries' versions."""
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    code = _folder_digest(Path(__file__).resolve().parent.parent, (".py", ".yaml"))
    return _digest(json.dumps({"version": __version__, "code": code, "libraries": versions}, sort_keys=True))


def _folder_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    entries = []
    for base, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith((".", "__pycache__")))
        for name in sorted(files):
            if suffixes and not name.endswith(suffixes):
                continue
            path = os.path.join(base, name)
            entries.append((os.path.relpath(path, folder).replace(os.sep, "/"), file_sha256(path)))
    return _digest(json.dumps(entries))


@dataclass(frozen=True)
class Preloaded:
    """A profile loaded for the unchanged check, kept for the build that may
    follow (a profile is read and resolved once): the ``LoadResult`` and the
    template lookups loading it made, which belong to the build key."""

    loaded: object  # generator.profile.load.LoadResult
    lookups: Lookups


def unchanged_pack(profile_path: str, out_dir: str, options: dict) -> tuple[Preloaded, dict | None]:
    """``(preloaded, manifest)``: the profile as loaded, and the manifest of its
    pack in ``out_dir`` when that pack was built from exactly what it would be
    built from now and its files are intact (else None).  Raises what loading
    the profile raises."""
    from generator.profile.load import load_profile  # the profile layer, only when checking

    load_lookups = Lookups()
    with recording(load_lookups):
        loaded = load_profile(profile_path, clock.today())
    preloaded = Preloaded(loaded, load_lookups)
    org_id = loaded.profile.organisation.id
    folder = os.path.join(out_dir, org_id)
    # A link or a file where the pack should be, or what a killed run left
    # beside it, is for a real build to refuse or clean up, never to skip.
    if os.path.islink(folder) or not os.path.isdir(folder) or _leftovers(out_dir, org_id):
        return preloaded, None
    try:
        with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as handle:
            previous = json.load(handle)
    except (OSError, ValueError):
        return preloaded, None
    lookups = recorded_lookups(previous) if isinstance(previous, dict) else None
    if lookups is None or not isinstance(previous.get("build_key"), str):
        return preloaded, None
    if build_key(built_from(loaded.profile, loaded.chain, lookups, options)) != previous["build_key"]:
        return preloaded, None
    return preloaded, (previous if pack_intact(folder, previous) else None)


def _leftovers(out_dir: str, org_id: str) -> bool:
    prefixes = (f".{org_id}.building-", f".{org_id}.old-", f".{org_id}.writing-")
    try:
        return any(name.startswith(prefixes) for name in os.listdir(out_dir))
    except OSError:
        return False
