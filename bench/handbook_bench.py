"""Benchmark: the staff handbook site of the example profile.

Run:  .venv/bin/python bench/handbook_bench.py [--repeat N]

Measures, for profiles/example.yaml with the pack already rendered in memory
(policy, addendum, flowcharts, forms, letters: whatever the registry has):

- ``build_handbook``: what ``policypack build`` spends on the site, end to
  end (pages from blocks, public re-rendering of staff documents, docs folder
  written, MkDocs + Material in-process, strict; privacy scan of every file);
- bare MkDocs: ``mkdocs.commands.build.build`` of the very same docs folder
  and configuration without site/hooks.py (the bytecode cache, the Markdown
  subset policypack writes, the table labels), in-process:
  MkDocs + Material alone;
- ``mkdocs build`` of the same folder in a subprocess (what a shell script
  calling MkDocs would pay, interpreter start-up and imports included).

Reports the first (cold) run and the best of the following runs, and the
ratio policypack / bare MkDocs. Target (issue 6): under 1.5 s on a 2-core
machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
TARGET = 1.5


def rendered_pack():
    from generator.documents.base import BuildInputs
    from generator.pack.handbook import render_for_site
    from generator.profile.load import load_profile

    today = dt.date(2026, 11, 23)
    profile = load_profile(os.path.join(ROOT, "profiles", "example.yaml"), today).profile
    inputs = BuildInputs.create(profile, today)
    documents, outputs = render_for_site(inputs)
    return inputs, documents, outputs


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def prepare_bare(inputs, documents, outputs, work: str) -> str:
    """The docs folder and config build_handbook would make, written once."""
    from generator.handbook.build import write_docs
    from generator.handbook.config import make_config, write_config
    from generator.handbook.pages import assemble

    site = assemble(inputs, documents, outputs)
    docs = os.path.join(work, "docs")
    write_docs(site, docs)
    config = make_config(site, docs, os.path.join(work, "site"))
    config.pop("hooks", None)  # bare: MkDocs and Material alone, all of Markdown
    return write_config(config, os.path.join(work, "mkdocs.yml"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm runs of each (default 5)")
    args = parser.parse_args()

    from generator.handbook.build import build_handbook, run_mkdocs

    inputs, documents, outputs = rendered_pack()
    kinds = sorted({d.kind for d in documents} | {o.kind for o in outputs})
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as work:
        target = os.path.join(work, "pack", "handbook")
        ours = [timed(lambda: build_handbook(inputs, documents, outputs, target, {})) for _ in range(args.repeat + 1)]
        pages = sum(1 for _, _, names in os.walk(target) for n in names if n.endswith(".html"))
        config = prepare_bare(inputs, documents, outputs, os.path.join(work, "bare"))
        bare = [timed(lambda: run_mkdocs(config)) for _ in range(args.repeat + 1)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f", config]
        shell = [timed(lambda: subprocess.run(command, check=True, env=env)) for _ in range(2)]

    best_ours, best_bare = min(ours[1:]), min(bare[1:])
    print(f"handbook of profiles/example.yaml: {pages} HTML pages; pack parts: {', '.join(kinds)}")
    print(f"  policypack build_handbook    first {ours[0]:.2f} s   best of {args.repeat} {best_ours:.2f} s")
    print(f"  bare MkDocs, in-process      first {bare[0]:.2f} s   best of {args.repeat} {best_bare:.2f} s")
    print(f"  mkdocs build (subprocess)    first {shell[0]:.2f} s   second {shell[1]:.2f} s")
    print(f"  ratio policypack / bare MkDocs: {best_ours / best_bare:.2f}x "
          f"(first runs {ours[0] / bare[0]:.2f}x)")
    verdict = "meets" if ours[0] < TARGET else "misses"
    print(f"  target < {TARGET} s for one build: the first (cold) build {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
