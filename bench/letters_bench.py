"""Benchmark: mail-merging parent letters for 1,000 families.

Run:  .venv/bin/python bench/letters_bench.py [--families N] [--letter NAME]

Compares, for the same letter and the same fictional families:

- the bare docxtpl loop: ``DocxTemplate(path).render(ctx, autoescape=True)``
  and ``save()`` per family, on a .docx holding the very same letter with
  ``{{ f.column }}`` tags where the family's values go (the usual way);
- ``policypack letters`` one file per family, end to end (CSV read and
  checked, letters made, files written owner-only), and in memory only;
- ``policypack letters --combined`` (one document, one letter a page),
  end to end and in memory only.

Targets (issue 5): 1,000 combined letters in under 2 s; one file per family
at most 0.5x the bare docxtpl loop.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

FIRST = ["Zoë", "Amir", "Grace", "Olu", "Łukasz", "Siobhán", "Kai", "Maya", "Tom", "Aisha"]
LAST = ["O'Brien-Łukasz", "Smith & Sons", "Khan", "Nowak", "Okafor", "Jones", "Patel", "Murphy"]


def write_csv(path: str, count: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["reference", "parent_name", "child_name", "address_line_1", "town", "postcode",
                         "school_place", "place_start", "place_days", "place_times", "social_worker",
                         "contact_name", "contact_phone", "contact_frequency"])
        for i in range(count):
            child = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
            writer.writerow([f"F{i:05d}", f"Parent {LAST[(i + 3) % len(LAST)]}", child, f"{i} Example Road, Flat {i}",
                             "Leicester", "LE1 1AA", "Main site, 1 Example Road", "Monday 5 January",
                             "Monday to Friday" if i % 2 else "", "8.45am to 3.15pm", "Sam Worker",
                             "Pat Staff", "0116 496 0999", "twice a week"])


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def bare_docxtpl_template(maker, family, folder: str) -> str:
    """The same letter as a docxtpl template: our compiled body with
    {{ f.column }} tags in place of the family's values."""
    from generator.documents.letters.compose import CompiledLetter

    compiled: CompiledLetter = maker.composer.compiled(maker.composer.values(family))
    parts = [compiled.literals[0]]
    for index, name in enumerate(compiled.names, start=1):
        parts.append("{{ f.%s }}" % name)
        parts.append(compiled.literals[index])
    path = os.path.join(folder, "docxtpl-letter.docx")
    with open(path, "wb") as handle:
        handle.write(compiled.package.docx("".join(parts)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--letter", default="cp-plan-closure")
    args = parser.parse_args()

    from docxtpl import DocxTemplate

    from generator.documents.letters.merge import LetterMaker, merge_letters, read_input
    from generator.profile.load import load_profile

    today = dt.date(2026, 3, 2)
    profile = load_profile(os.path.join(ROOT, "profiles", "example.yaml"), today).profile
    n = args.families
    with tempfile.TemporaryDirectory() as folder:
        families_csv = os.path.join(folder, "families.csv")
        write_csv(families_csv, n)
        spec, table = read_input(profile, args.letter, families_csv)
        families = table.families
        # Uniform values for docxtpl (it has no notion of our shapes).
        uniform = [f for f in families if f["place_days"]] or list(families)

        maker = LetterMaker(profile, spec, today)
        template = bare_docxtpl_template(maker, uniform[0], folder)
        values = [maker.composer.values(f) for f in uniform]

        def bare_loop():
            for i in range(n):
                document = DocxTemplate(template)
                document.render({"f": values[i % len(values)]}, autoescape=True)
                document.save(io.BytesIO())

        bare, _ = timed(bare_loop)
        # Same letter both ways: the bare loop's text is ours, name for name.
        import docx

        check = DocxTemplate(template)
        check.render({"f": values[0]}, autoescape=True)
        out = io.BytesIO()
        check.save(out)
        theirs = [p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs]
        ours = [p.text for p in docx.Document(io.BytesIO(maker.one(uniform[0]))).paragraphs]
        assert theirs == ours, "the docxtpl template is not the same letter"

        def ours_memory(combined: bool):
            made = LetterMaker(profile, spec, today)
            if combined:
                return made.combined(families)
            return [made.one(f) for f in families]

        per_file_memory, _ = timed(ours_memory, False)
        combined_memory, _ = timed(ours_memory, True)

        def end_to_end(combined: bool, name: str, password: str | None = None):
            spec2, table2 = read_input(profile, args.letter, families_csv)
            return merge_letters(profile, spec2, table2, out_dir=os.path.join(folder, name), combined=combined,
                                 today=today, password=password)

        per_file_total, report = timed(end_to_end, False, "per-family")
        assert report.letters == n and len(report.files) == n
        combined_total, _ = timed(end_to_end, True, "combined")
        encrypted_total, _ = timed(end_to_end, False, "encrypted", "benchmark password")

    def row(label: str, seconds: float) -> None:
        print(f"  {label:<58} {seconds:7.2f} s  {seconds / n * 1000:6.2f} ms/letter  {seconds / bare:5.2f}x bare")

    print(f"{n} families, letter {args.letter}")
    row("bare docxtpl loop (render + save per family)", bare)
    row("one file per family, in memory", per_file_memory)
    row("one file per family, end to end (CSV in, files written)", per_file_total)
    row("one file per family, encrypted (--encrypt), end to end", encrypted_total)
    row("combined, in memory", combined_memory)
    row("combined, end to end (CSV in, file written)", combined_total)
    ok_combined = combined_total < 2.0 * n / 1000
    ok_files = per_file_total <= 0.5 * bare
    print(f"target: combined under {2.0 * n / 1000:.1f} s: {'met' if ok_combined else 'MISSED'}; "
          f"one file per family at most 0.5x bare: {'met' if ok_files else 'MISSED'} ({per_file_total / bare:.2f}x)")


if __name__ == "__main__":
    main()
