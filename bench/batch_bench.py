"""Benchmark: the goals of issue 19, as ratios against the bare harness in the same run.

Run:  .venv/bin/python bench/batch_bench.py [--profiles 300] [--memory-profiles 1000] [--repeat 3]

Rows (policypack on the left, the bare libraries doing the same work on the
right, both measured in this run, on this machine):

1. batch (default: DOCX + handbook), wall time per profile with --jobs 2,
   against a bare pack with site: docxtpl + python-docx making the same
   documents from scratch (bench/pack_bench.py ``bare_docx``) plus a bare
   in-process MkDocs + Material build of the same handbook pages
   (bench/handbook_bench.py ``prepare_bare``), one profile, warm, in process;
2. batch --no-handbook per profile against the bare pack without the site;
3. one profile --no-handbook (the CLI, process start included) against the
   bare pack in its own process (start and imports included);
4. a re-run of the unchanged batch against its first build;
5. a worker's peak memory (ru_maxrss) after --memory-profiles profiles
   against after 50, building in one process (DOCX only, for time);
6. LibreOffice (soffice.bin) starts for one ``build --pdf`` call without the
   PDF cache, after a first call that makes policypack's LibreOffice profile
   if there is none, counted by watching /proc (Linux).

The generated profiles differ in id, organisation name and DSL, as real
settings do (a cache keyed by organisation text would flatter identical
copies).  Timings of the shared machine are noisy: each figure is the
median of --repeat runs (the batch and memory rows run once), and the bare
harness of the batch rows is timed just before and just after the batch it
is compared with, since a virtual machine's speed drifts over minutes.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)
EXAMPLE = os.path.join(ROOT, "profiles", "example.yaml")
POLICYPACK = os.path.join(os.path.dirname(sys.executable), "policypack")
TODAY = "2026-11-23"


def make_profiles(folder: str, count: int) -> list[str]:
    os.makedirs(folder, exist_ok=True)
    if not os.path.isdir(os.path.join(folder, "la")):
        shutil.copytree(os.path.join(ROOT, "profiles", "la"), os.path.join(folder, "la"))
    text = open(EXAMPLE, encoding="utf-8").read()
    paths = []
    for n in range(count):
        path = os.path.join(folder, f"setting-{n:04d}.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text.replace("id: oakfield-ap", f"id: setting-{n:04d}")
                         .replace("Oakfield Learning Centre", f"Setting {n} Learning Centre")
                         .replace("Jo Example", f"Jo Example{n}"))
        paths.append(path)
    return paths


def times_of(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def median_of(fn, repeat: int) -> float:
    return statistics.median(times_of(fn, repeat))


def cli(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([POLICYPACK, *args], check=True, capture_output=True)
    return time.perf_counter() - started


# --- the bare harness ---------------------------------------------------------

def rendered(profile_path: str):
    from generator import clock
    from generator.documents.base import BuildInputs
    from generator.documents.docx_output import master_for
    from generator.pack.build import render_pack
    from generator.profile.load import load_profile

    inputs = BuildInputs.create(load_profile(profile_path).profile, clock.today())
    documents, outputs, _ = render_pack(inputs)
    masters = [(d, inputs.templates.find(master_for(d))) for d in documents]
    return inputs, documents, outputs, masters


def bare_context(inputs) -> dict:
    return {"title": "t", "subject": "s", "org_name": inputs.profile.organisation.name, "reviewed": "r",
            "next_review": "n", "draft": False, "logo": None, "footer_note": "", "confidential": False, "toc": False,
            "body": "", "org_address": "", "org_phone": "", "org_email": "", "org_website": ""}


def bare_pack(masters, context: dict, out: str) -> None:
    from pack_bench import bare_docx

    os.makedirs(out, exist_ok=True)
    for n, (document, master) in enumerate(masters):
        with open(os.path.join(out, f"{n:02d}.docx"), "wb") as handle:
            handle.write(bare_docx(document, master, context))


def bare_site(inputs, documents, outputs, work: str) -> None:
    from handbook_bench import prepare_bare

    from generator.handbook.build import run_mkdocs

    shutil.rmtree(work, ignore_errors=True)
    run_mkdocs(prepare_bare(inputs, documents, outputs, work))


def bare_pack_process(pickled: str, out: str) -> None:
    """``--bare-pack``: the bare pack in a fresh process (imports included)."""
    with open(pickled, "rb") as handle:
        masters, context = pickle.load(handle)
    bare_pack(masters, context, out)


# --- LibreOffice starts ------------------------------------------------------

def _soffice_pids() -> dict[int, int]:
    """Each soffice.bin process alive now, with its parent's pid."""
    found = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
                    stat = handle.read()
            except OSError:
                continue
            name, _, rest = stat.partition("(")[2].rpartition(")")
            if name == "soffice.bin":
                found[int(pid)] = int(rest.split()[1])
    return found


def soffice_starts(command: list[str], env: dict[str, str]) -> int | None:
    """LibreOffice starts while ``command`` runs: soffice.bin processes that
    appear, less the helpers a running soffice.bin forks (a fork keeps the
    name soffice.bin until it runs its own program, so a watcher sees it now
    and then) and any left alive from an earlier call."""
    if not os.path.isdir("/proc"):
        return None
    seen: dict[int, int] = {}
    already = set(_soffice_pids())
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update({pid: parent for pid, parent in _soffice_pids().items() if pid not in already})
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        subprocess.run(command, check=True, capture_output=True, env=env)
    finally:
        done.set()
        watcher.join()
    return sum(1 for parent in seen.values() if parent not in seen and parent not in already)


# --- memory ------------------------------------------------------------------

def memory_worker(folder: str, count: int, out: str) -> None:
    """``--memory-worker``: build ``count`` profiles in this process; print the
    peak RSS (MiB) after 50 and after all of them."""
    import resource

    from generator.pack.build import build_pack

    paths = sorted(p for p in os.listdir(folder) if p.endswith(".yaml"))[:count]
    peaks = {}
    for n, name in enumerate(paths, start=1):
        build_pack(os.path.join(folder, name), out, handbook=False)
        shutil.rmtree(out, ignore_errors=True)
        if n in (50, count):
            peaks[n] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"{peaks[50]:.1f} {peaks[count]:.1f}")


# --- main ----------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=300, help="profiles in the batch rows (default 300)")
    parser.add_argument("--memory-profiles", type=int, default=1000, help="profiles of the memory row (default 1000; 0 skips it)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each small figure (median)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice row")
    args = parser.parse_args()
    os.environ["POLICYPACK_TODAY"] = TODAY

    work = tempfile.mkdtemp(prefix="policypack-batch-bench-")
    rows = _Rows()
    try:
        folder = os.path.join(work, "profiles")
        paths = make_profiles(folder, max(args.profiles, 1))
        inputs, documents, outputs, masters = rendered(paths[0])
        context = bare_context(inputs)

        # The bare harness, in process, warm (one profile), timed just before
        # and just after each batch row it is compared with: a shared
        # machine's speed drifts over minutes, and so both sides see the same.
        bare_pack(masters, context, os.path.join(work, "bare-warm"))
        bare_site(inputs, documents, outputs, os.path.join(work, "bare-site"))

        def bare_docx_times() -> list[float]:
            return times_of(lambda: bare_pack(masters, context, os.path.join(work, "bare")), args.repeat)

        def bare_site_times() -> list[float]:
            return times_of(lambda: bare_site(inputs, documents, outputs, os.path.join(work, "bare-site")), args.repeat)

        # 1, 4: the default batch, then again unchanged.
        docx_before, site_before = bare_docx_times(), bare_site_times()
        first = cli("build", folder, "--jobs", "2", "-o", os.path.join(work, "out"))
        docx_after, site_after = bare_docx_times(), bare_site_times()
        again = cli("build", folder, "--jobs", "2", "-o", os.path.join(work, "out"))
        n = len(paths)
        bare_with_site = statistics.median(docx_before + docx_after) + statistics.median(site_before + site_after)
        rows.append((f"batch of {n}, default, per profile (--jobs 2)", first / n, bare_with_site,
                     "bare = DOCX + MkDocs site of one profile, in process; goal 0.20x"))
        # 2: --no-handbook.
        docx_only = cli("build", folder, "--jobs", "2", "--no-handbook", "--force", "-o", os.path.join(work, "out-docx"))
        bare_docx_time = statistics.median(docx_after + bare_docx_times())
        rows.append((f"batch of {n}, --no-handbook, per profile (--jobs 2)", docx_only / n, bare_docx_time,
                     "bare = the DOCX documents of one profile, in process; goal 0.22x"))
        # 3: one profile, process start included on both sides.
        pickled = os.path.join(work, "bare.pickle")
        with open(pickled, "wb") as handle:
            pickle.dump(([(_without_finish(d), m) for d, m in masters], context), handle)
        one = median_of(lambda: cli("build", paths[0], "--no-handbook", "--force", "-o", os.path.join(work, "one")),
                        args.repeat)
        bare_one = median_of(lambda: subprocess.run([sys.executable, __file__, "--bare-pack", pickled,
                                                     os.path.join(work, "bare-one")], check=True), args.repeat)
        rows.append(("one profile --no-handbook (CLI, process start included)", one, bare_one,
                     "bare = the same documents in a fresh process; goal 1.2x"))
        rows.append((f"re-run of the unchanged batch of {n}", again, first, "vs its first build; goal 0.05x"))

        # 6: LibreOffice starts for one --pdf call.
        if not args.no_pdf and shutil.which("soffice"):
            command = [POLICYPACK, "build", paths[0], "--pdf", "--no-handbook", "--force", "-o", os.path.join(work, "pdf")]
            # A first call makes policypack's LibreOffice profile if there is none (or
            # repairs one a killed LibreOffice left); the row counts a call after it.
            # Both without the PDF cache, which would otherwise spare the second call any start.
            uncached = {**os.environ, "POLICYPACK_NO_PDF_CACHE": "1"}
            subprocess.run(command, check=True, capture_output=True, env=uncached)
            starts = soffice_starts(command, uncached)
            rows.append(("--pdf: soffice.bin starts per call", starts, None, "goal 1 (generator/docx/pdf.py)"))
        # 5: memory.
        if args.memory_profiles:
            count = max(args.memory_profiles, 51)
            memory_folder = os.path.join(work, "memory-profiles")
            make_profiles(memory_folder, count)
            result = subprocess.run([sys.executable, __file__, "--memory-worker", memory_folder, str(count),
                                     os.path.join(work, "memory-out")], check=True, capture_output=True, text=True, encoding="utf-8")
            at_50, at_all = (float(x) for x in result.stdout.split())
            rows.append((f"worker peak memory, {count} profiles vs 50 (MiB)", at_all, at_50, "goal 1.1x"))

    finally:
        shutil.rmtree(work, ignore_errors=True)



class _Rows:
    """Prints each row as soon as it is measured (a long run still reports what it has)."""

    def __init__(self) -> None:
        print(f"{'figure':62} {'policypack':>11} {'bare':>9} {'ratio':>7}", flush=True)

    def append(self, row) -> None:
        name, value, baseline, note = row
        ratio = f"{value / baseline:6.2f}x" if baseline else ""
        base = f"{baseline:9.3f}" if baseline else ""
        print(f"{name:62} {value:11.3f} {base:>9} {ratio:>7}  {note}", flush=True)


def _without_finish(document):
    import dataclasses

    return dataclasses.replace(document, finish_docx=None) if getattr(document, "finish_docx", None) else document


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--bare-pack":
        bare_pack_process(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "--memory-worker":
        memory_worker(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main()
