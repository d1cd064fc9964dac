"""`policypack handbook`: the staff handbook site on its own, with live preview."""

from __future__ import annotations

import click


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option("-o", "--out", "out", type=click.Path(file_okay=False),
              help="Folder that receives the site (default: site-build/<organisation.id>).")
@click.option("--serve", is_flag=True, help="Serve the site on http://127.0.0.1:PORT and rebuild it when "
                                            "the profile or the templates change.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port for --serve.")
def handbook(profile, out, serve, port):
    """Build the staff handbook site for PROFILE (only the site, not the pack).

    The site opens from a shared drive by double-clicking index.html, works
    without internet, and never shows numbers or emails marked private.
    `policypack build` also builds it, into OUT/<organisation.id>/handbook/.

    \b
    Examples:
      policypack handbook profiles/example.yaml
      policypack handbook profiles/example.yaml -o /tmp/handbook --serve
    """
    from generator.pack.handbook import build_site, default_folder

    if serve:
        from generator.handbook.serve import check_not_watched, watched_paths
        from generator.profile.load import load_profile

        loaded = load_profile(profile).profile
        out = out or default_folder(loaded.organisation.id)
        check_not_watched(out, watched_paths(profile, loaded.template_dirs))
    result = build_site(profile, out)
    for warning in result.warnings:
        click.echo(warning.format(), err=True)
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    for path in result.withheld:
        click.echo(f"warning: {path} holds a private number or email and was left out of the site", err=True)
    click.echo(f"built the handbook ({result.pages} pages) in {result.folder}; open {result.folder}/index.html")
    if serve:
        from generator.handbook.serve import serve as serve_site

        serve_site(profile, result.folder, lambda: build_site(profile, result.folder), click.echo, port=port,
                   template_dirs=loaded.template_dirs)
