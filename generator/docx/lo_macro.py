"""policypack's LibreOffice Basic macro (``convert.bas``) and its place in a
LibreOffice user profile.

``soffice --convert-to`` cannot update a contents list, so a PDF made with
it has no page numbers there; making them took a second conversion.  The
macro loads each DOCX, updates its contents list (LibreOffice knows the
pages), and exports the tagged PDF, all in one soffice start.

It lives as the module ``PolicyPack`` of the ``Standard`` Basic library of
policypack's own profile (``soffice.profile_slot``), which is never the
user's LibreOffice profile; macros there are trusted by LibreOffice, and
documents are loaded with their own macros off.  A new profile's first start
copies LibreOffice's presets over ``user/basic``, so the library is written
after that start (``soffice.prepare_profile``), and again whenever its text
differs (a policypack upgrade).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from xml.sax.saxutils import escape

MACRO_URL = "macro:///Standard.PolicyPack.ConvertFolder"
FOLDER_ENV = "POLICYPACK_PDF_FOLDER_URL"  # the file URL of the folder whose .docx files the macro converts
ERRORS_FILE = "errors.txt"  # what it could not convert, one line each

_SOURCE = Path(__file__).with_name("convert.bas")
_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_DOCTYPE = '<!DOCTYPE {kind} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{dtd}">\n'
_LIBRARY_NS = 'xmlns:library="http://openoffice.org/2000/library"'


def source() -> str:
    return _SOURCE.read_text(encoding="utf-8")


def digest() -> str:
    """Changes when the macro does (a PDF made by another macro is not reused)."""
    return hashlib.sha256(source().encode("utf-8")).hexdigest()


def library_files() -> dict[str, str]:
    """The files of ``user/basic`` (relative paths): the Standard library
    holding one module, ``PolicyPack``."""
    libraries = (_XML + _DOCTYPE.format(kind="library:libraries", dtd="libraries.dtd")
                 + f'<library:libraries {_LIBRARY_NS} xmlns:xlink="http://www.w3.org/1999/xlink">\n'
                 + ' <library:library library:name="Standard" library:link="false"/>\n'
                 + "</library:libraries>\n")
    opening = (_XML + _DOCTYPE.format(kind="library:library", dtd="library.dtd")
               + f'<library:library {_LIBRARY_NS} library:name="Standard" library:readonly="false" '
               + 'library:passwordprotected="false"')
    module = (_XML + _DOCTYPE.format(kind="script:module", dtd="module.dtd")
              + '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="PolicyPack" '
              + f'script:language="StarBasic">{escape(source())}</script:module>\n')
    return {
        "script.xlc": libraries,
        "dialog.xlc": libraries,
        "Standard/script.xlb": opening + '>\n <library:element library:name="PolicyPack"/>\n</library:library>\n',
        "Standard/dialog.xlb": opening + "/>\n",
        "Standard/PolicyPack.xba": module,
    }


def install(profile: Path) -> None:
    """Write the library into ``profile/user/basic``, leaving files that
    already say the same untouched."""
    basic = profile / "user" / "basic"
    for name, text in library_files().items():
        path = basic / name
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)


def errors(folder: str) -> list[str]:
    """The macro's lines for the documents it could not convert."""
    try:
        with open(os.path.join(folder, ERRORS_FILE), encoding="utf-8", errors="replace") as handle:
            return [line.strip() for line in handle if line.strip()]
    except OSError:
        return []
