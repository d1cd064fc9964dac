"""UK phone numbers: checked with libphonenumber, printed one way everywhere."""

from __future__ import annotations

import re

import phonenumbers

from generator.profile.model import Phone

# Short service numbers that libphonenumber does not treat as dialable lines
# in every context (999, 101, 111, 116 123 ...): kept as typed.
_SHORT = re.compile(r"^\d{3,6}$")


def parse_phone(text: str) -> Phone:
    """Return the number in national display form, or raise ValueError."""
    compact = re.sub(r"[\s()\-.]", "", text)
    if _SHORT.fullmatch(compact):
        return Phone(display=compact, tel=compact)
    if re.search(r"[^\d+]", compact):
        raise ValueError("contains characters that are not part of a phone number")
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
