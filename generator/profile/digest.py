"""The profile's version, as one sha256: what ``manifest.json`` records as
``profile_sha256`` and what ``review record`` compares before approving.

For a profile that extends no other file it is simply the sha256 of the
file's bytes (anyone can check it with ``sha256sum``).  With ``extends:``
the shared files change the pack too, so the digest covers every file of
the chain: the sha256 of the lines ``<sha256 of file>`` (setting first,
then its parents), one per file, each ending with a newline.
"""

from __future__ import annotations

import hashlib

from generator.profile.inherit import load_with_parents


def file_sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def profile_sha256(path: str) -> str:
    chain = load_with_parents(str(path)).chain
    if len(chain) == 1:
        return file_sha256(chain[0])
    lines = "".join(f"{file_sha256(p)}\n" for p in chain)
    return hashlib.sha256(lines.encode("ascii")).hexdigest()
