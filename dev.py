#!/usr/bin/env python3
"""Set up and run policypack with nothing but Python 3.11 to start from.

    python3 dev.py pack    set up .venv, then build the example pack into out/
    python3 dev.py test    set up .venv (with test tools), then run the whole test suite

Extra arguments after `test` go to pytest (e.g. `python3 dev.py test -k letters`).
Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
BIN = os.path.join(VENV, "bin")
# Debian packages the tests drive for real (PDF export, browser, page counts).
DEBIAN_PACKAGES = {
    "soffice": ["libreoffice-writer-nogui", "fonts-crosextra-carlito", "fonts-crosextra-caladea"],
    "chromium": ["chromium"],
    "pdfinfo": ["poppler-utils"],
    "npm": ["npm"],
    "strace": ["strace"],  # counts LibreOffice starts in the PDF tests
}


def run(*command: str, **kwargs) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT, **kwargs)


def ensure_venv(extras: str) -> None:
    if not os.path.exists(os.path.join(BIN, "python")):
        try:
            run(sys.executable, "-m", "venv", VENV)
        except subprocess.CalledProcessError:
            apt_install(["python3-venv"])
            run(sys.executable, "-m", "venv", VENV)
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as handle:
        project = handle.read()
    stamp = hashlib.sha256(project + extras.encode()).hexdigest()
    # An install with the test tools also serves `pack`, which needs fewer.
    good = {stamp} | ({hashlib.sha256(project + b"[test]").hexdigest()} if not extras else set())
    stamp_file = os.path.join(VENV, ".policypack-installed")
    if os.path.exists(stamp_file) and open(stamp_file, encoding="utf-8").read() in good:
        return
    run(os.path.join(BIN, "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(os.path.join(BIN, "python"), "-m", "pip", "install", "--quiet", "-e", f".{extras}")
    with open(stamp_file, "w", encoding="utf-8") as handle:
        handle.write(stamp)


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages when we may (root with apt-get); else say how."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"note: please install the Debian packages {' '.join(packages)} (sudo apt-get install ...)", file=sys.stderr)
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-q", env=env)
    run("apt-get", "install", "-y", "-q", "--no-install-recommends", *packages, env=env)
    return True


def ensure_system_tools() -> None:
    missing = [pkg for tool, pkgs in DEBIAN_PACKAGES.items() if not shutil.which(tool) for pkg in pkgs]
    if missing:
        apt_install(missing)


def ensure_npm_packages() -> None:
    """axe-core (accessibility checks) comes from the npm registry at test time."""
    if os.path.exists(os.path.join(ROOT, "package.json")) and shutil.which("npm"):
        lock = os.path.join(ROOT, "package-lock.json")
        if not os.path.isdir(os.path.join(ROOT, "node_modules")):
            run("npm", "ci" if os.path.exists(lock) else "install", "--no-audit", "--no-fund", "--silent")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("pack", "test"):
        print(__doc__)
        return 2
    if argv[0] == "pack":
        ensure_venv("")
        return subprocess.call([os.path.join(BIN, "policypack"), "build", "profiles/example.yaml", *argv[1:]], cwd=ROOT)
    ensure_venv("[test]")
    ensure_system_tools()
    ensure_npm_packages()
    # -X warn_default_encoding: an open() relying on the locale's encoding (cp1252 on
    # many Windows machines) warns, and pytest's filterwarnings turns that into a failure.
    return subprocess.call([os.path.join(BIN, "python"), "-X", "warn_default_encoding", "-m", "pytest", *argv[1:]],
                           cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
