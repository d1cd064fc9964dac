"""The theme's static files, written once per batch and linked into each site.

Material's CSS, JavaScript and icons (about 2.6 MB, 45 files) are the same
in every organisation's handbook.  A batch writes them once into a private
folder beside its output (same file system) and each site gets a hard link
to every file: a site stays self-contained (a link is a whole file, which
survives when the shared folder is removed) and works offline; only the
disk blocks are shared.  Where links fail (FAT or exFAT drives, some network
shares, another file system), the file is copied instead.

The shared files are checked once per process against the theme's own files
(sha256); a folder that does not match is not used (the theme's files are
then copied), so a damaged or tampered folder never reaches a site.  They
hold no organisation data, which is why the privacy scan skips them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading

_lock = threading.Lock()
_digests: dict = {}  # (source path, size, mtime_ns) -> sha256 hex of a theme file
_ready: dict = {}  # store folder -> {set digest: checked folder, or None when unusable}
_links_fail: set = set()  # store folders on a file system without hard links


def _file_sha256(path: str) -> str:
    info = os.stat(path)
    key = (path, info.st_size, info.st_mtime_ns)
    digest = _digests.get(key)
    if digest is None:
        with open(path, "rb") as handle:
            digest = _digests[key] = hashlib.sha256(handle.read()).hexdigest()
    return digest


class ThemeStore:
    """``folder`` belongs to the caller, who removes it after the batch."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def place(self, files: dict[str, str], site_dir: str) -> frozenset[str]:
        """Put each file (site-relative POSIX path -> theme source path) into
        ``site_dir``; returns the site-relative paths placed."""
        expected = {relative: _file_sha256(source) for relative, source in files.items()}
        ready = self._ready_folder(files, expected)
        for relative, source in files.items():
            target = os.path.join(site_dir, *relative.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if ready is None:
                shutil.copyfile(source, target)
            else:
                self._link(os.path.join(ready, *relative.split("/")), target)
        return frozenset(files)

    def _ready_folder(self, files: dict[str, str], expected: dict[str, str]) -> str | None:
        digest = hashlib.sha256("\n".join(f"{r} {expected[r]}" for r in sorted(expected)).encode()).hexdigest()[:32]
        with _lock:
            known = _ready.setdefault(self.folder, {})
            if digest not in known:
                known[digest] = self._prepare(os.path.join(self.folder, digest), files, expected)
            return known[digest]

    def _prepare(self, final: str, files: dict[str, str], expected: dict[str, str]) -> str | None:
        """Write the files once (another worker may be doing the same: the
        first complete folder wins), then check what is there."""
        if not os.path.isdir(final):
            os.makedirs(self.folder, exist_ok=True)
            temp = tempfile.mkdtemp(prefix=".writing-", dir=self.folder)
            for relative, source in files.items():
                target = os.path.join(temp, *relative.split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(source, target)
            try:
                os.rename(temp, final)
            except OSError:  # another worker was first
                shutil.rmtree(temp, ignore_errors=True)
        for relative, digest in expected.items():
            try:
                with open(os.path.join(final, *relative.split("/")), "rb") as handle:
                    if hashlib.sha256(handle.read()).hexdigest() != digest:
                        return None
            except OSError:
                return None
        return final

    def _link(self, source: str, target: str) -> None:
        if self.folder not in _links_fail:
            try:
                os.link(source, target)
                return
            except OSError:  # no hard links here (FAT, some shares, Windows without support)
                _links_fail.add(self.folder)
        shutil.copyfile(source, target)
