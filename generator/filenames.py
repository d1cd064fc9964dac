"""Windows' rules for file names, for every name policypack makes from data.

Windows (and so a school's shared drive) cannot open a file or folder named
after a device (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension:
``nul.docx`` is the device too), nor one ending in a dot or a space, nor one
holding ``<>:"/\\|?*`` or control characters.  Names made from profile or CSV
data (organisation ids, letter references) are checked or adjusted here.
"""

from __future__ import annotations

import re

DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")]
)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def is_device_name(name: str) -> bool:
    """True for ``con``, ``NUL.txt``, ``com1.tar.gz``, ``aux `` (Windows ignores
    the extension and trailing spaces when it looks for devices)."""
    return name.split(".", 1)[0].rstrip(" ").upper() in DEVICE_NAMES


def windows_problem(name: str) -> str:
    """Why Windows would refuse ``name`` (one path component), or ''."""
    if is_device_name(name):
        return "is a name Windows keeps for a device"
    if name.endswith((".", " ")) and name not in (".", ".."):
        return "ends in a dot or a space, which Windows drops"
    if _FORBIDDEN.search(name):
        return 'holds a character Windows forbids in file names (<>:"/\\|?* or a control character)'
    return ""

