"""The incremental-build tests' kit: two settings in two LAs, built in process."""

from __future__ import annotations

import os
import pathlib

from generator.pack.batch import build_chunk


def snapshot(folder: pathlib.Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Batch:
    def __init__(self, profiles: pathlib.Path, out: pathlib.Path) -> None:
        self.profiles = profiles
        self.out = out
        self.paths = [str(profiles / "example.yaml"), str(profiles / "riverside-school.yaml")]

    def build(self, handbook: bool = False, force: bool = False) -> dict[str, str]:
        """org folder name -> "built" or "unchanged" (every profile must succeed)."""
        outcomes = build_chunk(self.paths, str(self.out), False, handbook, force)
        assert all(o.ok for o in outcomes), [o.message for o in outcomes]
        return {os.path.basename(o.folder): "unchanged" if o.unchanged else "built" for o in outcomes}
