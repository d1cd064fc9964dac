"""UK phone numbers: checked with libphonenumber, printed one way everywhere."""

from __future__ import annotations

import re

import phonenumbers

from generator.profile.model import Phone

# Short service numbers that libphonenumber does not treat as dialable lines
# in every context (999, 101, 111, 116 123 ...): kept as typed.
_SHORT = re.compile(r"^\d{3,6}$")
# Ofcom keeps 07700 900000-900999 for drama: never a real line, and
# libphonenumber calls it invalid. Accepted (examples and training profiles
# use it), and reported as fictional by the validator.
_DRAMA_MOBILE = re.compile(r"^(?:\+44|0044|0)7700900\d{3}$")


def is_drama_mobile(text: str) -> bool:
    """True for a number in Ofcom's drama mobile range 07700 900000-900999."""
    return bool(_DRAMA_MOBILE.match(re.sub(r"[\s()\-.]", "", text)))


def parse_phone(text: str) -> Phone:
    """Return the number in national display form, or raise ValueError."""
    compact = re.sub(r"[\s()\-.]", "", text)
    if _SHORT.fullmatch(compact):
        return Phone(display=compact, tel=compact)
    if re.search(r"[^\d+]", compact):
        raise ValueError("contains characters that are not part of a phone number")
    if _DRAMA_MOBILE.match(compact):
        digits = compact[-6:]
        return Phone(display=f"07700 {digits}", tel=f"+447700{digits}")
    try:
        number = phonenumbers.parse(compact, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a valid UK phone number (check the digits)")
    national = number.country_code == 44
    style = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return Phone(
        display=phonenumbers.format_number(number, style),
        tel=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )
