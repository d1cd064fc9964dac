"""Byte-reproducible DOCX zips.

A zip written by python-docx carries the time of writing in every entry;
writing it ourselves with fixed timestamps, a fixed entry order and fixed
attributes makes the same input give the same bytes (builds can be diffed
and cached).
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.pkgwriter import PackageWriter

from generator.docx.safety import check_entries

# The earliest date a zip entry can hold; any fixed value would do.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)

# OPC readers find the content types first; some sniffers expect it.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


def zip_entries(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(entries, key=_order):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # else it depends on the OS that wrote it
            info.external_attr = 0o644 << 16
            dst.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Return ``data`` (a zip) rewritten deterministically."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return zip_entries({info.filename: src.read(info) for info in src.infolist() if not info.is_dir()})


class _Collector:
    """Stands in for python-docx's zip writer: keeps each member's bytes."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, pack_uri, blob) -> None:
        self.entries[pack_uri.membername] = blob if isinstance(blob, bytes) else blob.encode("utf-8")


def save_docx(document, source: str = "a generated document", fixed: dict | None = None) -> bytes:
    """``document`` (python-docx) as reproducible DOCX bytes, zipped once.

    Uses python-docx's own serialisation steps (PackageWriter's static
    helpers, stable across 1.x) instead of ``save()`` + ``normalise_zip``,
    which would zip and unzip everything a second time.  ``fixed`` maps the
    partname of a part no document changes to its bytes, serialised once
    (generator/docx/prototype.py), written as they are.
    """
    package = document.part.package
    parts = list(package.iter_parts())
    collector = _Collector()
    PackageWriter._write_content_types_stream(collector, parts)
    PackageWriter._write_pkg_rels(collector, package.rels)
    fixed = fixed or {}
    for part in parts:
        blob = fixed.get(part.partname)
        collector.write(part.partname, part.blob if blob is None else blob)
        if len(part.rels):
            collector.write(part.partname.rels_uri, part.rels.xml)
    # on its way out, every DOCX is checked as its master was (docx/safety.py)
    check_entries(collector.entries, source)
    return zip_entries(collector.entries)
