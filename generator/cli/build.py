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
@click.option("--force", is_flag=True,
              help="Rebuild every pack, even one whose profile, templates and options have not changed.")
@click.option("--shard", metavar="K/N", default=None,
              help="Build only the K-th of N shares of the profiles (by organisation id), e.g. 2/8; see docs/scaling.md.")
def build(profiles, out_dir, pdf, no_handbook, jobs, force, shard):
    """Build the whole pack for each PROFILE (default: profiles/example.yaml).

    PROFILES may be files, folders of profiles or glob patterns. Writes the
    policy, flowcharts, addendum, forms, blank letters and handbook into
    OUT/<organisation.id>/ with a manifest.json, atomically: a failed build
    leaves the previous output as it was. Exit 1 if any profile failed.
    A pack already built from the same profile, LA file, templates, masters
    and options, whose files are intact, is left as it is ("unchanged").

    \b
    Examples:
      policypack build profiles/example.yaml
      policypack build profiles/ --jobs 2 --pdf -o out
      policypack build profiles/ --shard 3/8     (one machine of eight)
    """
    from generator.pack.batch import build_many
    from generator.pack.shard import parse_shard

    ok = build_many(profiles or ("profiles/example.yaml",), out_dir, pdf=pdf, handbook=not no_handbook, jobs=jobs,
                    echo=click.echo, force=force, shard=parse_shard(shard) if shard is not None else None)
    sys.exit(0 if ok else 1)
