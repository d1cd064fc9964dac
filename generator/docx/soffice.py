"""Finding LibreOffice on Linux, Windows and macOS, and running it once.

Where it is looked for, first found wins:

1. ``POLICYPACK_SOFFICE`` (the full path of ``soffice`` / ``soffice.exe``);
2. ``soffice`` or ``libreoffice`` on PATH;
3. where the installers put it, which is not on PATH: on Windows
   ``<Program Files>\\LibreOffice\\program\\soffice.exe`` (64- and 32-bit
   folders, from ``ProgramFiles``, ``ProgramW6432``, ``ProgramFiles(x86)``);
   on macOS ``/Applications/LibreOffice.app/Contents/MacOS/soffice`` (or the
   same under ``~/Applications``).

Conversions run policypack's Basic macro (``lo_macro``) in a user profile
of policypack's own, kept in the user's cache folder (one per parallel call,
see ``profile_slot``): a new profile is made once by a start that only
initialises it (``prepare_profile``); every later call starts soffice once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from generator.docx import lo_macro
from generator.errors import BuildFailed, ToolMissing
from generator.locks import try_lock

PROGRAM_ENV = "POLICYPACK_SOFFICE"
TIMEOUT_SECONDS = 900
PROFILE_SLOTS = 32  # parallel conversions of one user; each needs its own profile


def install_fix(platform: str | None = None) -> str:
    """How to get LibreOffice (and the fonts its layout needs) on this system."""
    platform = platform or sys.platform
    if platform == "win32":
        return ("install LibreOffice from https://www.libreoffice.org/download/ "
                "(or run: winget install TheDocumentFoundation.LibreOffice), "
                f"or set {PROGRAM_ENV} to the full path of soffice.exe")
    if platform == "darwin":
        return ("install LibreOffice from https://www.libreoffice.org/download/ "
                "(or run: brew install --cask libreoffice), "
                f"or set {PROGRAM_ENV} to the full path of soffice")
    return ("install it: sudo apt-get install libreoffice-writer-nogui fonts-crosextra-carlito "
            "fonts-crosextra-caladea (or your system's LibreOffice package), "
            f"or set {PROGRAM_ENV} to the full path of soffice")


def standard_places(environ: Mapping[str, str], platform: str) -> list[Path]:
    """Where the Windows or macOS installer puts soffice (PATH aside)."""
    places: list[Path] = []
    if platform == "win32":
        bases = [environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        for base in dict.fromkeys(b for b in bases if b):
            root = Path(base)
            places.append(root / "LibreOffice" / "program" / "soffice.exe")
            # older installers named the folder after the major version ("LibreOffice 5")
            places.extend(sorted(root.glob("LibreOffice */program/soffice.exe"), reverse=True))
    elif platform == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        places.append(Path("/Applications") / app)
        places.append(Path.home() / "Applications" / app)
    return places


def find_soffice(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """The LibreOffice program, or None.  A ``POLICYPACK_SOFFICE`` that names
    no program is an error (the user asked for that one)."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    chosen = environ.get(PROGRAM_ENV)
    if chosen:
        if _runnable(Path(chosen)):
            return chosen
        raise ToolMissing(f"{PROGRAM_ENV} is set to {chosen}, which is not a program",
                          f"set {PROGRAM_ENV} to the full path of soffice (soffice.exe on Windows), or unset it")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=environ.get("PATH", os.defpath))
        if found:
            return found
    for place in standard_places(environ, platform):
        if _runnable(place):
            return str(place)
    return None


def soffice() -> str:
    """The LibreOffice program, or ``ToolMissing`` with this system's fix."""
    found = find_soffice()
    if found:
        return found
    raise ToolMissing("LibreOffice is needed for --pdf but is not installed", install_fix())


def _runnable(path: Path) -> bool:
    if not path.is_file():
        return False
    return sys.platform == "win32" or os.access(path, os.X_OK)


@contextmanager
def profile_slot(root: Path) -> Iterator[Path]:
    """A LibreOffice user profile under ``root`` that no other call is using.

    Profiles are numbered slots, each guarded by a file lock: a call takes
    the first free one and keeps it for later calls, so LibreOffice builds a
    profile once per slot (the first start restarts itself; later ones do
    not).  Parallel calls get different slots, because calls sharing a
    profile fail at random.  A killed call's lock dies with it, so its slot
    is simply reused.
    """
    for number in range(PROFILE_SLOTS):
        lock = try_lock(root / f"profile-{number}.lock")
        if lock is None:
            continue
        try:
            folder = root / f"profile-{number}"
            folder.mkdir(mode=0o700, exist_ok=True)
            # we hold the slot, so LibreOffice's own lock in it is left from a killed run
            (folder / ".lock").unlink(missing_ok=True)
            yield folder
        finally:
            lock.release()
        return
    raise BuildFailed(f"more than {PROFILE_SLOTS} PDF conversions are running at once",
                      "wait for some to finish, or build with fewer --jobs")


def prepare_profile(program: str, profile: Path) -> None:
    """Make ``profile`` a LibreOffice user profile holding policypack's macro.

    A profile LibreOffice has never started in is initialised first, by a
    start that quits once its files are written (LibreOffice would copy its
    presets over the macro library on that first start).
    """
    if not (profile / "user" / "registrymodifications.xcu").is_file():
        _run(program, profile, ["--terminate_after_init"], {})
    lo_macro.install(profile)


def run_conversion(program: str, profile: Path, folder: str) -> None:
    """One soffice start converting every ``.docx`` file of ``folder`` into
    a PDF beside it (``convert.bas``).

    Whatever it could not convert has no PDF (and a line in
    ``lo_macro.errors(folder)``): the caller checks the files.
    """
    # As a file URL: ASCII whatever the path (spaces, accents) and whatever
    # the locale LibreOffice decodes its environment with (LANG=C on Linux).
    _run(program, profile, [lo_macro.MACRO_URL], {lo_macro.FOLDER_ENV: Path(folder).resolve().as_uri()})


def utf8_locale(environ: Mapping[str, str], platform: str | None = None) -> dict[str, str]:
    """What LibreOffice's environment needs so that it can read a path with
    accents: on Linux under a locale that is not UTF-8 (``LC_ALL=C``, as in
    some cron jobs and containers) it cannot open a profile or folder whose
    name is not ASCII, and it fails silently.  ``C.UTF-8`` is the C locale
    with UTF-8 text, so nothing else about LibreOffice changes."""
    platform = platform or sys.platform
    if not platform.startswith("linux"):
        return {}  # Windows and macOS hand LibreOffice Unicode paths
    chosen = next((environ[name] for name in ("LC_ALL", "LC_CTYPE", "LANG") if environ.get(name)), "C")
    if "utf-8" in chosen.lower() or "utf8" in chosen.lower():
        return {}
    return {"LC_ALL": "C.UTF-8"}


def _run(program: str, profile: Path, arguments: list[str], environment: dict[str, str]) -> None:
    """Run soffice headless in ``profile``.  On a timeout, Ctrl+C or any
    other interruption, LibreOffice and the processes it started are
    stopped before the error goes on."""
    command = [program, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={profile.resolve().as_uri()}", *arguments]
    env = {**os.environ, "HOME": str(profile), **utf8_locale(os.environ), **environment}  # its settings stay in the profile
    options: dict = {"start_new_session": True}
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI
        options = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW}
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env, **options)
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise BuildFailed("LibreOffice took too long to convert the documents",
                          "try again; if it persists, build without --pdf") from None
    except BaseException:
        _stop(process)
        raise


def _stop(process: subprocess.Popen) -> None:
    """End soffice and what it started (soffice is a launcher for soffice.bin)."""
    if process.poll() is None:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        else:
            import signal

            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                process.kill()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass
