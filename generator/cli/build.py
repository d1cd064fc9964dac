"""``policypack build``: the whole pack for one profile or a folder of them."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("profiles", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Output folder; each organisation gets OUT/<organisation.id>/.")
@click.option("--pdf", is_flag=True, help="Also convert every DOCX to tagged PDF (needs LibreOffice).")
@click.option("--no-handbook", is_flag=True, help="Skip the handbook site (faster).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Build several profiles in parallel (default: number of cores).")
def build(profiles, out_dir, pdf, no_handbook, jobs):
    """Build the whole pack for each PROFILE (default: profiles/example.yaml).

    PROFILES may be files, folders of profiles or glob patterns. Writes the
    policy, flowcharts, addendum, forms, blank letters and handbook into
    OUT/<organisation.id>/ with a manifest.json, atomically: a failed build
    leaves the previous output as it was. Exit 1 if any profile failed.

    \b
    Examples:
      policypack build profiles/example.yaml
      policypack build profiles/ --jobs 2 --pdf -o out
    """
    from generator.pack.batch import build_many

    ok = build_many(profiles or ("profiles/example.yaml",), out_dir, pdf=pdf, handbook=not no_handbook, jobs=jobs,
                    echo=click.echo)
    sys.exit(0 if ok else 1)
