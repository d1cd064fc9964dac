"""``policypack edit``: the guided profile editor in the browser."""

from __future__ import annotations

import click


@click.command()
@click.argument("profile", required=False, default="profiles/my-setting.yaml", type=click.Path(dir_okay=False))
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Listen on this port (default: any free one).")
@click.option("--no-browser", is_flag=True, help="Only print the address; do not open the browser.")
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Where the Build pack button writes (OUT/<organisation.id>/).")
def edit(profile, port, no_browser, out_dir):
    """Edit PROFILE in your browser, with every value checked as you type it.

    Starts a private editor on this computer only (127.0.0.1) and prints its
    address, with a one-time key; it opens in the default browser unless
    --no-browser. A PROFILE that does not exist yet starts from the starter
    profile (default: profiles/my-setting.yaml). Nothing is written until
    you press Save; the previous file is kept as PROFILE.bak. Stop it with
    Ctrl+C. Parent letters stay on the command line (policypack letters).

    \b
    Examples:
      policypack edit profiles/example.yaml
      policypack edit profiles/new-setting.yaml --port 8765 --no-browser
    """
    from generator.editor.server import serve

    serve(profile, port, not no_browser, out_dir, click.echo)
    click.echo("policypack edit stopped", err=True)
