"""The handbook's privacy guard: private numbers and emails never reach the site.

The render context already strips them for the ``public`` audience; this
module is the second line of defence.  It knows every private value of the
profile in every written form of a phone number (``0116 496 0123``,
``01164960123``, ``+441164960123``, ``+44 116 496 0123``, ``0116-496-0123``,
...) and

- ``redact`` removes them from text about to be rendered (a document made for
  the ``staff`` audience by another producer),
- ``leaks`` finds them in built files (HTML, JS, JSON, SVG, and the XML
  inside DOCX files), so the build can refuse to publish a leaking site.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

from generator.profile.model import Contact, Person, Profile


def private_items(profile: Profile) -> list[Person | Contact]:
    people = profile.people
    contacts = profile.contacts
    candidates: list = [people.dsl, *people.deputy_dsls, people.coordinator, people.headteacher, people.chair,
                        people.online_safety_lead, *contacts.others]
    candidates += [getattr(contacts, name) for name in ("front_door", "out_of_hours", "lado", "nspcc_whistleblowing",
                                                        "la_safeguarding_officer", "consultation_line")]
    return [item for item in candidates if isinstance(item, (Person, Contact)) and item.private]


def _national_digits(tel: str) -> str:
    digits = re.sub(r"\D", "", tel)
    if tel.startswith("+44"):
        return digits[2:]  # without the country code and without the leading 0
    return digits.lstrip("0")


def _phone_pattern(tel: str) -> str | None:
    """A regex matching the number whatever the spacing, punctuation or prefix."""
    national = _national_digits(tel)
    if len(national) < 6:  # short service numbers (999) are never private
        return None
    sep = r"[\s\-.()/\u00a0]*"
    body = sep.join(re.escape(d) for d in national)
    prefix = r"(?:(?:\+|%2[bB]|00)" + sep + "4" + sep + "4" + sep + r"(?:\(0\))?" + sep + "|0" + sep + ")"
    return r"(?<!\d)" + prefix + body + r"(?!\d)"


# Everything a number may be written with between its digits.  The single
# bytes are deleted before the search (bytes.translate, in C: fast on big
# files), so "0116 496 0123", "0116-496-0123" and "+44 (0)116 4960123" all
# contain "1164960123"; the words may then stand between any two digits.
_SEPARATOR_BYTES = b" \t\r\n\f\v-.()/"
_SEPARATOR_WORDS = (b"&nbsp;", b"&#160;", b"%2B", b"%2b", b"%20", "\u00a0".encode(), "\u2009".encode(),
                    "\u202f".encode())
_BETWEEN_DIGITS = b"(?:" + b"|".join(re.escape(word) for word in _SEPARATOR_WORDS) + b")*"


def _digits_pattern(digits: bytes) -> re.Pattern:
    """The digits in order, any separator words between them (one regex search
    instead of removing eight words from the whole file first)."""
    return re.compile(_BETWEEN_DIGITS.join(re.escape(digits[i:i + 1]) for i in range(len(digits))))


@dataclass(frozen=True)
class Guard:
    pattern: re.Pattern | None
    labels: tuple[str, ...]  # names of whose values are guarded (for messages)
    digits: tuple[bytes, ...] = ()  # national significant digits of each private number
    emails: tuple[bytes, ...] = ()  # lower case, UTF-8
    # A handbook checks a download when it picks it, when it copies it and when
    # the built site is scanned: one verdict per content (this guard, this build).
    _verdicts: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_profile(cls, profile: Profile) -> Guard:
        parts, labels, digits, emails = [], [], [], []
        for item in private_items(profile):
            if item.phone is not None:
                tel = item.phone.tel or item.phone.display
                phone = _phone_pattern(tel)
                if phone:
                    parts.append(phone)
                    digits.append(_national_digits(tel).encode())
            if item.email:
                parts.append(re.escape(item.email))
                emails.append(item.email.lower().encode())
            labels.append(item.name or "a private contact")
        pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None
        return cls(pattern, tuple(labels), tuple(digits), tuple(emails))

    def redact(self, text: str, replacement: str) -> str:
        return self.pattern.sub(replacement, text) if self.pattern else text

    def found(self, text: str | bytes) -> bool:
        """Does ``text`` hold a private value, in any spacing?  Errs on the side of yes:
        the national digits anywhere in the text, separators removed, count."""
        if not self.pattern:
            return False
        data = text.encode("utf-8", errors="replace") if isinstance(text, str) else text
        if self.emails:
            lowered = data.lower()
            if any(email in lowered for email in self.emails):
                return True
        if self.digits:
            compact = data.translate(None, _SEPARATOR_BYTES)
            return any(pattern.search(compact) for pattern in self._digit_patterns)
        return False

    @cached_property
    def _digit_patterns(self) -> tuple[re.Pattern, ...]:
        return tuple(_digits_pattern(number) for number in self.digits)

    def leaks_in_file(self, name: str, data: bytes) -> bool:
        if not self.pattern:
            return False
        is_package = name.lower().endswith((".docx", ".xlsx", ".pptx"))
        key = (is_package, hashlib.sha256(data).digest())
        if key not in self._verdicts:
            self._verdicts[key] = self._leaks(is_package, data)
        return self._verdicts[key]

    def _leaks(self, is_package: bool, data: bytes) -> bool:
        if is_package:
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as package:
                    return any(self.found(_xml_text(package.read(member)))
                               for member in package.namelist() if member.endswith((".xml", ".rels")))
            except zipfile.BadZipFile:
                pass
        return self.found(data)


_TAG = re.compile(rb"<[^>]+>")


def _xml_text(data: bytes) -> bytes:
    """The XML (attributes hold link targets) and its text with the tags removed,
    so a number split across runs still matches."""
    return data + b"\n" + _TAG.sub(b"", data)
