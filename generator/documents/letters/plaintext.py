"""Where unencrypted letters may exist on disk: one private folder, briefly.

PDF conversion needs each letter on disk for LibreOffice.  With
``--encrypt`` those plaintext copies must never outlive the run, so:

- they live in one private (0700) folder in the system's temporary folder,
  and while it exists the temporary folder of this process and of its
  children (LibreOffice's work folders and profile) points inside it;
- the folder is removed on success, on any error, and when the run is
  stopped by SIGINT, SIGTERM, SIGHUP or (Windows) Ctrl+Break: those signals
  raise ``Interrupted`` so that every ``finally`` runs and LibreOffice is
  killed by ``subprocess``;
- each folder has a lock file beside it, held while the run lives; the
  system releases it when the process dies, even by SIGKILL, so the next
  ``letters`` run can tell a dead run's folder from a live one's and
  removes it (``remove_stale``);
- the letters password is taken out of the environment while children run.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager

from generator.locks import acquire, try_lock

PREFIX = "policypack-letters-"
LOCK_SUFFIX = ".lock"
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
                     if hasattr(signal, name))
TEMP_VARIABLES = ("TMPDIR", "TEMP", "TMP")


class Interrupted(BaseException):
    """The run was stopped by a signal (a BaseException, like KeyboardInterrupt,
    so that no ``except Exception`` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


@contextmanager
def stop_signals_raise():
    """While inside, SIGINT/SIGTERM/SIGHUP/SIGBREAK raise ``Interrupted``."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def stop(signum, _frame):
        raise Interrupted(signum)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def plaintext_folder(password_variable: str):
    """A private folder for plaintext letters, gone when the block ends, however it ends."""
    base = tempfile.gettempdir()
    lock, folder = _claim(base)
    saved_tempdir = tempfile.tempdir
    saved_env = {name: os.environ.get(name) for name in (*TEMP_VARIABLES, password_variable)}
    try:
        tempfile.tempdir = folder
        for name in TEMP_VARIABLES:
            os.environ[name] = folder
        os.environ.pop(password_variable, None)  # children (LibreOffice) never see the password
        yield folder
    finally:
        # A second signal must not stop the clean-up half-way: it is held back until the end.
        held, previous = _hold_stop_signals()
        try:
            tempfile.tempdir = saved_tempdir
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            _remove(folder, lock)
        finally:
            _restore(previous)
    if held:  # reached only when the block ended normally
        raise Interrupted(held[0])


def remove_stale(base: str | None = None) -> list[str]:
    """Remove the plaintext folders of runs that died (SIGKILL, power loss).

    A folder whose lock can be taken belongs to no live run.
    """
    base = base or tempfile.gettempdir()
    removed = []
    try:
        entries = [e for e in os.scandir(base) if e.name.startswith(PREFIX) and not e.name.endswith(LOCK_SUFFIX)]
    except OSError:
        return removed
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False) or not _owned_by_us(entry):
            continue
        lock = try_lock(entry.path + LOCK_SUFFIX)
        if lock is None:
            continue  # a live run's folder (or not ours to judge)
        _remove(entry.path, lock)
        removed.append(entry.path)
    return removed


def _claim(base: str):
    """Lock first, folder second: a folder without a held lock is always a dead run's."""
    while True:
        folder = os.path.join(base, PREFIX + os.urandom(8).hex())
        lock = acquire(folder + LOCK_SUFFIX, timeout=0, mode=0o600,
                       busy=f"another run holds {folder}{LOCK_SUFFIX}", fix="run the command again",
                       unwritable_fix="set TMPDIR (TEMP on Windows) to a folder you can write to")
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            lock.release()
            continue
        except BaseException:
            _remove(folder, lock)
            raise
        os.chmod(folder, 0o700)  # whatever the umask
        return lock, folder


def _remove(folder: str, lock) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    lock.release()
    try:
        os.unlink(folder + LOCK_SUFFIX)
    except OSError:
        pass


def _owned_by_us(entry: os.DirEntry) -> bool:
    if not hasattr(os, "getuid"):
        return True  # Windows: the temporary folder is the user's own
    try:
        return entry.stat(follow_symlinks=False).st_uid == os.getuid()
    except OSError:
        return False


def _hold_stop_signals() -> tuple[list[int], dict]:
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        return held, {}
    return held, {number: signal.signal(number, lambda signum, _frame: held.append(signum)) for number in STOP_SIGNALS}


def _restore(previous: dict) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)
