"""Build many profiles: expand paths, run in parallel processes, summarise.

One bad profile never stops the others; the caller gets False if any failed.
Any failure of a profile, expected (a ``UserError``) or not (a bug), is
reported against that profile, and the rest of its worker's share is still
built; a worker process that dies (killed, out of memory) takes no other
profile with it: the profiles it had are built again, each on its own.
"""

from __future__ import annotations

import os
import shutil
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from generator.errors import UserError
from generator.profile.discover import find_profiles


@dataclass
class Outcome:
    profile: str
    ok: bool
    status: str = ""  # complete | draft
    folder: str = ""
    message: str = ""  # first error, or draft summary
    warnings: tuple = ()
    unchanged: bool = False  # built before from exactly the same inputs: not built again


def expand(paths) -> list[str]:
    """The profiles to build (``generator.profile.discover``: the same files `review` sees)."""
    unique = [str(p) for p in find_profiles(paths, keep_missing=True)]
    if not unique:
        raise UserError(f"no profiles found in {', '.join(paths)}", "give profile files or a folder that holds *.yaml profiles")
    return unique


def build_one(path: str, out_dir: str, pdf: bool, handbook: bool, force: bool = False,
              theme_store: str | None = None) -> Outcome:
    return build_chunk([path], out_dir, pdf, handbook, force, theme_store)[0]


def build_chunk(paths: list[str], out_dir: str, pdf: bool, handbook: bool, force: bool = False,
                theme_store: str | None = None) -> list[Outcome]:
    """Build several profiles in this process, converting all their DOCX
    files to PDF in one LibreOffice call (one call per worker, not per pack).
    A pack built before from the same inputs is left as it is (unless ``force``)."""
    from generator.pack.buildkey import build_options, unchanged_pack

    outcomes: dict[str, Outcome] = {}
    staged = {}
    for path in paths:
        try:
            preloaded, previous = (None, None) if force else unchanged_pack(path, out_dir, build_options(pdf, handbook))
            if previous is not None:
                loaded = preloaded.loaded
                outcomes[path] = Outcome(path, True, previous.get("status", "complete"),
                                         os.path.join(out_dir, loaded.profile.organisation.id),
                                         warnings=tuple(p.format() for p in loaded.warnings), unchanged=True)
                continue
            # The document and site libraries load only when a pack is built:
            # a worker that finds every pack unchanged never needs them.
            from generator.pack.build import stage_pack

            staged[path] = stage_pack(path, out_dir, preloaded=preloaded)
        except Exception as exc:  # noqa: BLE001 - reported against this profile; the others go on
            outcomes[path] = _failure(path, exc)
    pdfs: dict[str, str] = {}
    if pdf and staged:
        from generator.docx.pdf import convert_many, failure_reason

        try:
            pdfs, failed = convert_many([d for pack in staged.values() for d in pack.docx_paths], cache=True)
        except Exception as exc:  # noqa: BLE001 - LibreOffice missing or hung: every staged pack fails alike
            for path, pack in staged.items():
                pack.discard()
                outcomes[path] = _failure(path, exc)
            staged, failed = {}, {}
        for path, pack in list(staged.items()):
            bad = [d for d in pack.docx_paths if d in failed]
            if bad:
                pack.discard()
                del staged[path]
                outcomes[path] = Outcome(path, False, message=f"LibreOffice did not convert {os.path.basename(bad[0])} to PDF"
                                                             f"{failure_reason(failed[bad[0]])}")
    for path, pack in staged.items():
        from generator.pack.build import finish_pack

        try:
            report = finish_pack(pack, {d: pdfs[d] for d in pack.docx_paths if d in pdfs}, handbook,
                                 theme_store=theme_store)
        except Exception as exc:  # noqa: BLE001 - reported against this profile; the others go on
            outcomes[path] = _failure(path, exc)
            continue
        draft = f"DRAFT: {len(report.missing)} prompt(s) unanswered; run policypack check {path}" if report.missing else ""
        outcomes[path] = Outcome(path, True, report.status, report.folder, draft,
                                 tuple(p.format() for p in report.warnings) + tuple(report.notices))
    return [outcomes[p] for p in paths]


def _failure(path: str, exc: Exception) -> Outcome:
    from generator.errors import ProfileInvalid

    if not isinstance(exc, UserError):
        return Outcome(path, False, message=f"internal error (a bug in policypack; please report it): "
                                            f"{type(exc).__name__}: {exc}")
    if isinstance(exc, ProfileInvalid):
        errors = [p for p in exc.problems if p.severity == "error"]
        first = errors[0].format() if errors else str(exc)
        return Outcome(path, False, message=first + (f"\n  (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    return Outcome(path, False, message=str(exc))


def build_many(paths, out_dir: str, pdf: bool = False, handbook: bool = True, jobs: int | None = None, echo=print,
               force: bool = False, shard: tuple[int, int] | None = None) -> bool:
    """``force``: rebuild packs whose inputs have not changed; ``shard``: (K, N),
    build only the K-th of N shares of the profiles (pack/shard.py)."""
    profiles = expand(paths)
    if shard is not None:
        from generator.pack.shard import select

        profiles = select(profiles, *shard)
        if not profiles:
            echo(f"share {shard[0]}/{shard[1]} holds no profile; nothing to build")
            return True
    # The handbook theme's files, written once for the whole batch and linked
    # into each site (generator/handbook/theme_store.py); created on first use.
    theme_store = os.path.join(out_dir, f".policypack-theme-{uuid.uuid4().hex[:12]}") if handbook else None
    try:
        if len(profiles) == 1:
            outcome = build_one(profiles[0], out_dir, pdf, handbook, force, theme_store)
            _report_single(outcome, echo)
            return outcome.ok
        jobs = min(jobs or os.cpu_count() or 1, len(profiles))
        clashes = _same_organisation(profiles)
        to_build = [p for p in profiles if p not in clashes]
        built = ({o.profile: o for o in _run_parallel(to_build, out_dir, pdf, handbook, jobs, force, theme_store)}
                 if to_build else {})
        outcomes = [built.get(p) or clashes[p] for p in profiles]
        _summary(outcomes)
        return all(o.ok for o in outcomes)
    finally:
        if theme_store:
            shutil.rmtree(theme_store, ignore_errors=True)


def _same_organisation(profiles: list[str]) -> dict[str, Outcome]:
    """Profiles whose organisation.id an earlier profile already has: both
    would write OUT/<id>/, the second silently replacing the first's pack."""
    from generator.profile.inherit import load_with_parents
    from generator.yamlload import YamlRefused

    first: dict[str, str] = {}
    clashes: dict[str, Outcome] = {}
    for path in profiles:
        try:
            organisation = load_with_parents(path).data.get("organisation")
        except (YamlRefused, OSError):
            continue  # the build itself reports what is wrong with the file
        org_id = organisation.get("id") if isinstance(organisation, dict) else None
        if not isinstance(org_id, str):
            continue
        if org_id in first:
            clashes[path] = Outcome(path, False, message=f"organisation.id '{org_id}' is also the id of {first[org_id]}; "
                                                         "both would write the same output folder\n    fix: give each setting its own id")
        else:
            first[org_id] = path
    return clashes


def _report_single(outcome: Outcome, echo) -> None:
    for warning in outcome.warnings:
        echo(warning if "warning" in warning else f"note: {warning}", err=True)
    if outcome.ok and outcome.unchanged:
        echo(f"unchanged {outcome.folder} ({outcome.status}; --force rebuilds it)")
    elif outcome.ok:
        echo(f"built {outcome.folder}" + (f" ({outcome.message})" if outcome.message else " (complete)"))
    else:
        echo(outcome.message, err=True)


def _run_parallel(profiles, out_dir, pdf, handbook, jobs, force=False, theme_store=None) -> list[Outcome]:
    from rich.progress import Progress

    # Without PDFs each profile is its own task (even load, live progress);
    # with PDFs each worker takes one chunk, for one LibreOffice call each.
    chunks = [profiles[i::jobs] for i in range(jobs)] if pdf else [[p] for p in profiles]
    results: dict[str, Outcome] = {}
    with Progress(transient=True) as progress:
        task = progress.add_task("Building", total=len(profiles))
        if jobs == 1:
            for chunk in chunks:
                for outcome in build_chunk(chunk, out_dir, pdf, handbook, force, theme_store):
                    results[outcome.profile] = outcome
                progress.advance(task, len(chunk))
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(build_chunk, chunk, out_dir, pdf, handbook, force, theme_store): chunk
                           for chunk in chunks}
                for future in as_completed(futures):
                    chunk = futures[future]
                    try:
                        for outcome in future.result():
                            results[outcome.profile] = outcome
                    except BrokenProcessPool:  # a worker died: which profile killed it is not known yet
                        continue
                    except Exception as exc:  # noqa: BLE001 - a bug in one build must not hide the others' results
                        for path in chunk:
                            results[path] = Outcome(path, False, message=f"internal error: {type(exc).__name__}: {exc}")
                    progress.advance(task, len(chunk))
            for path in [p for p in profiles if p not in results]:
                results[path] = _alone(path, out_dir, pdf, handbook)
                progress.advance(task, 1)
    return [results[p] for p in profiles]


def _alone(path: str, out_dir: str, pdf: bool, handbook: bool) -> Outcome:
    """Build one profile in a process of its own: if that process dies, only this profile failed."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(build_one, path, out_dir, pdf, handbook).result()
        except BrokenProcessPool:
            return Outcome(path, False, message="the process building this profile died (killed, or out of memory); "
                                                "nothing was replaced\n    fix: build it on its own to see why")


def _summary(outcomes: list[Outcome]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import (
        Text,  # profile paths and messages are text, never rich markup ("[/red]")
    )

    table = Table(title="policypack build")
    for column in ("profile", "result", "output or first error"):
        table.add_column(column, overflow="fold")
    for o in outcomes:
        result = ("unchanged" if o.unchanged else "draft" if o.status == "draft" else "built") if o.ok else "FAILED"
        table.add_row(Text(o.profile), result, Text(o.folder if o.ok else o.message))
    console = Console(stderr=False)
    console.print(table)
    built = sum(o.ok and not o.unchanged and o.status != "draft" for o in outcomes)
    draft = sum(o.ok and not o.unchanged and o.status == "draft" for o in outcomes)
    unchanged = sum(o.ok and o.unchanged for o in outcomes)
    failed = sum(not o.ok for o in outcomes)
    console.print(f"built: {built}  draft: {draft}  failed: {failed}" + (f"  unchanged: {unchanged}" if unchanged else ""))
