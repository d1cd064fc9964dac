"""Build many profiles: expand paths, run in parallel processes, summarise.

One bad profile never stops the others; the caller gets False if any failed.
"""

from __future__ import annotations

import glob
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from generator.errors import UserError


@dataclass
class Outcome:
    profile: str
    ok: bool
    status: str = ""  # complete | draft
    folder: str = ""
    message: str = ""  # first error, or draft summary
    warnings: tuple = ()


def expand(paths) -> list[str]:
    """Files as given; folders -> their *.yaml / *.yml; globs expanded."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found += sorted(os.path.join(path, n) for n in os.listdir(path)
                            if n.endswith((".yaml", ".yml")) and os.path.isfile(os.path.join(path, n)))
        elif any(ch in path for ch in "*?["):
            found += sorted(glob.glob(path))
        else:
            found.append(path)
    unique = list(dict.fromkeys(found))
    if not unique:
        raise UserError(f"no profiles found in {', '.join(paths)}", "give profile files or a folder that holds *.yaml profiles")
    return unique


def build_one(path: str, out_dir: str, pdf: bool, handbook: bool) -> Outcome:
    from generator.build import build_pack
    from generator.errors import ProfileInvalid

    try:
        report = build_pack(path, out_dir, pdf=pdf, handbook=handbook)
    except ProfileInvalid as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        first = errors[0].format() if errors else str(exc)
        return Outcome(path, False, message=first + (f"\n  (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    except UserError as exc:
        return Outcome(path, False, message=str(exc))
    draft = f"DRAFT: {len(report.missing)} prompt(s) unanswered; run policypack check {path}" if report.missing else ""
    return Outcome(path, True, report.status, report.folder, draft, tuple(p.format() for p in report.warnings))


def build_many(paths, out_dir: str, pdf: bool = False, handbook: bool = True, jobs: int | None = None, echo=print) -> bool:
    profiles = expand(paths)
    if len(profiles) == 1:
        outcome = build_one(profiles[0], out_dir, pdf, handbook)
        _report_single(outcome, echo)
        return outcome.ok
    jobs = min(jobs or os.cpu_count() or 1, len(profiles))
    outcomes = _run_parallel(profiles, out_dir, pdf, handbook, jobs)
    _summary(outcomes)
    return all(o.ok for o in outcomes)


def _report_single(outcome: Outcome, echo) -> None:
    for warning in outcome.warnings:
        echo(warning, err=True)
    if outcome.ok:
        echo(f"built {outcome.folder}" + (f" ({outcome.message})" if outcome.message else " (complete)"))
    else:
        echo(outcome.message, err=True)


def _run_parallel(profiles, out_dir, pdf, handbook, jobs) -> list[Outcome]:
    from rich.progress import Progress

    results: dict[str, Outcome] = {}
    with Progress(transient=True) as progress:
        task = progress.add_task("Building", total=len(profiles))
        if jobs == 1:
            for path in profiles:
                results[path] = build_one(path, out_dir, pdf, handbook)
                progress.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(build_one, p, out_dir, pdf, handbook): p for p in profiles}
                for future in as_completed(futures):
                    path = futures[future]
                    try:
                        results[path] = future.result()
                    except Exception as exc:  # a bug in one build must not hide the others' results
                        results[path] = Outcome(path, False, message=f"internal error: {type(exc).__name__}: {exc}")
                    progress.advance(task)
    return [results[p] for p in profiles]


def _summary(outcomes: list[Outcome]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="policypack build")
    for column in ("profile", "result", "output or first error"):
        table.add_column(column, overflow="fold")
    for o in outcomes:
        result = ("draft" if o.status == "draft" else "built") if o.ok else "FAILED"
        table.add_row(o.profile, result, o.folder if o.ok else o.message)
    console = Console(stderr=False)
    console.print(table)
    built = sum(o.ok and o.status != "draft" for o in outcomes)
    draft = sum(o.ok and o.status == "draft" for o in outcomes)
    failed = sum(not o.ok for o in outcomes)
    console.print(f"built: {built}  draft: {draft}  failed: {failed}")
