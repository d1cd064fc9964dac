"""Byte-reproducible DOCX zips.

A zip written by python-docx carries the time of writing in every entry;
rewriting it with fixed timestamps, a fixed entry order and fixed attributes
makes the same input give the same bytes (builds can be diffed and cached).
"""

from __future__ import annotations

import io
import zipfile

# The earliest date a zip entry can hold; any fixed value would do.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)

# OPC readers find the content types first; some sniffers expect it.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


def normalise_zip(data: bytes) -> bytes:
    """Return ``data`` (a zip) rewritten deterministically."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {info.filename: src.read(info) for info in src.infolist() if not info.is_dir()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(entries, key=_order):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # else it depends on the OS that wrote it
            info.external_attr = 0o644 << 16
            dst.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()
