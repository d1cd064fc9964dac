"""Benchmark: the whole DOCX pack of one profile, against the bare libraries.

Run:  .venv/bin/python bench/pack_bench.py [--profiles 300]

Prints, in one run, each policypack figure beside the bare-library figure for
the same work, as a ratio:

1. `policypack build profiles/example.yaml --no-handbook` wall time, process
   start included (target < 1.0 s).
2. Per-profile in-process build cost (validation, content, DOCX, writing)
   against docxtpl + python-docx doing the same documents from scratch with
   no validation: docxtpl renders each master, then python-docx's public API
   adds the same paragraphs, lists and tables (target ratio <= 1.0).
3. The policy alone against docxtpl rendering the same master alone.
4. N profiles (default 300, generated from the example) with --jobs 2
   (target < 45 s).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
EXAMPLE = os.path.join(ROOT, "profiles", "example.yaml")
POLICYPACK = os.path.join(os.path.dirname(sys.executable), "policypack")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_docx(document, master: str, context: dict) -> bytes:
    """docxtpl + python-docx public API, from scratch, no caching."""
    from docx.shared import Pt  # noqa: F401  (imported as a user would)
    from docxtpl import DocxTemplate

    from generator.render.blocks import BulletList, Callout, Heading, NumberedList, Paragraph, Prompt, Table

    template = DocxTemplate(master)
    template.render(context, autoescape=True)
    doc = template.docx

    def add(blocks):
        for block in blocks:
            if isinstance(block, Heading):
                doc.add_paragraph(block.text, style=f"Heading {block.level}")
            elif isinstance(block, Paragraph):
                paragraph = doc.add_paragraph()
                for run in block.runs:
                    added = paragraph.add_run(run.text)
                    added.bold, added.italic = run.bold, run.italic
            elif isinstance(block, (BulletList, NumberedList)):
                style = "List Bullet" if isinstance(block, BulletList) else "List Number"
                for item in block.items:
                    doc.add_paragraph("".join(r.text for r in item.runs), style=style)
                    for child in item.children:
                        for sub in child.items:
                            doc.add_paragraph("".join(r.text for r in sub.runs), style=style + " 2")
            elif isinstance(block, Table):
                columns = max([len(block.header), *(len(row) for row in block.rows)])
                table = doc.add_table(rows=1 + len(block.rows), cols=columns, style="Table Grid")
                for i, cell in enumerate(block.header):
                    table.cell(0, i).text = "".join(r.text for r in cell)
                for r, row in enumerate(block.rows, start=1):
                    for i, cell in enumerate(row):
                        table.cell(r, i).text = "".join(x.text for x in cell)
            elif isinstance(block, (Callout, Prompt)):
                add(block.blocks)

    add(document.blocks)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("POLICYPACK_TODAY", "2026-11-23")

    from generator import clock
    from generator.pack.build import build_pack, render_pack
    from generator.documents.base import BuildInputs
    from generator.documents.docx_output import master_for
    from generator.profile.load import load_profile

    work = tempfile.mkdtemp(prefix="policypack-bench-")
    try:
        rows = []
        # 1. The CLI, process start included.
        cli = median_time(lambda: subprocess.run([POLICYPACK, "build", EXAMPLE, "-o", os.path.join(work, "cli"), "--no-handbook"],
                                                 check=True, capture_output=True), args.repeat)
        rows.append(("policypack build (CLI, DOCX pack, process start included)", cli, None, "target < 1.0 s"))

        # 2. Per-profile in-process cost against the bare libraries.
        build_pack(EXAMPLE, os.path.join(work, "warm"), handbook=False)  # warm caches like a batch worker
        ours = median_time(lambda: build_pack(EXAMPLE, os.path.join(work, "inproc"), handbook=False), args.repeat)
        profile = load_profile(EXAMPLE).profile
        inputs = BuildInputs.create(profile, clock.today())
        documents, _, _ = render_pack(inputs)
        masters = [(d, inputs.templates.find(master_for(d))) for d in documents]
        context = {"title": "t", "subject": "s", "org_name": profile.organisation.name, "reviewed": "r", "next_review": "n",
                   "draft": False, "logo": None, "footer_note": "", "confidential": False, "toc": False, "body": "",
                   "org_address": "", "org_phone": "", "org_email": "", "org_website": ""}
        bare = median_time(lambda: [bare_docx(d, m, context) for d, m in masters], args.repeat)
        rows.append((f"per profile, in process ({len(documents)} DOCX documents)", ours, bare,
                     "bare = docxtpl + python-docx from scratch, no validation; target ratio <= 1.0"))

        # 3. The policy alone against docxtpl rendering its master alone.
        policy = next(d for d, _ in masters if d.kind == "policy")
        from generator.documents.docx_output import to_docx
        ours_policy = median_time(lambda: to_docx(policy, inputs), args.repeat)

        def docxtpl_master_alone():
            from docxtpl import DocxTemplate

            template = DocxTemplate(inputs.templates.find(master_for(policy)))
            template.render(context, autoescape=True)
            template.save(io.BytesIO())

        bare_master = median_time(docxtpl_master_alone, args.repeat)
        rows.append(("policy DOCX (50 sections) vs docxtpl rendering the master alone", ours_policy, bare_master, ""))

        # 4. Many profiles with --jobs 2.
        folder = os.path.join(work, "profiles")
        shutil.copytree(os.path.join(ROOT, "profiles", "la"), os.path.join(folder, "la"))
        text = open(EXAMPLE, encoding="utf-8").read()
        for n in range(args.profiles):
            with open(os.path.join(folder, f"setting-{n:03d}.yaml"), "w", encoding="utf-8") as handle:
                handle.write(text.replace("id: oakfield-ap", f"id: setting-{n:03d}"))
        started = time.perf_counter()
        subprocess.run([POLICYPACK, "build", folder, "--jobs", "2", "--no-handbook", "-o", os.path.join(work, "many")],
                       check=True, capture_output=True)
        many = time.perf_counter() - started
        rows.append((f"{args.profiles} profiles, --jobs 2, DOCX only", many, None, "target < 45 s"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'benchmark':72} {'policypack':>11} {'bare lib':>9} {'ratio':>6}")
    for name, value, baseline, note in rows:
        ratio = f"{value / baseline:5.2f}x" if baseline else ""
        base = f"{baseline:8.3f}s" if baseline else ""
        print(f"{name:72} {value:10.3f}s {base:>9} {ratio:>6}  {note}")


if __name__ == "__main__":
    main()
