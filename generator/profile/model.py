"""The validated profile as typed, frozen objects.

Only ``generator.profile.load`` builds these, after validation; everything else
reads them and never sees raw YAML dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Phone:
    """A validated telephone number.

    ``display`` is the consistent national format used in documents
    (``0116 496 0001``); ``tel`` is E.164 for ``tel:`` links.  Short
    service numbers (``999``, ``101``) keep their digits in both.
    """

    display: str
    tel: str

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class Person:
    name: str
    job_title: str | None = None
    phone: Phone | None = None
    email: str | None = None
    private: bool = False


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: Phone | None = None
    email: str | None = None
    url: str | None = None
    hours: str | None = None
    notes: str | None = None
    referral_form: str | None = None  # front door only: e.g. "MARF"
    purpose: str | None = None  # contacts.others only
    verified: dt.date | None = None
    private: bool = False


@dataclass(frozen=True)
class Police:
    emergency: Phone
    non_emergency: Phone


@dataclass(frozen=True)
class Partnership:
    name: str
    procedures_url: str | None = None


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str
    local_authority: str
    commissioner: str | None = None
    address: str | None = None
    phone: Phone | None = None
    email: str | None = None
    website: str | None = None
    logo: str | None = None  # absolute path, resolved and confined at load time

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "alternative_provision": "alternative provision",
    "school": "school",
    "academy_trust": "academy trust",
    "partnership": "partnership",
    "college": "college",
    "early_years": "early years setting",
}


@dataclass(frozen=True)
class People:
    dsl: Person
    deputy_dsls: tuple[Person, ...] = ()
    coordinator: Person | None = None
    headteacher: Person | None = None
    chair: Person | None = None
    online_safety_lead: Person | None = None

    def get(self, key: str) -> Person | None:
        return getattr(self, key, None) if key in PEOPLE_KEYS else None

    def holder(self, key: str) -> Person:
        """The one person a role key (``review.owner``, ``letters.signatory``)
        names, everywhere: a list names its first person; a role nobody holds
        falls back to the DSL."""
        person = self.get(key)
        if isinstance(person, tuple):
            person = person[0] if person else None
        return person if isinstance(person, Person) else self.dsl


PEOPLE_KEYS = ("dsl", "deputy_dsls", "coordinator", "headteacher", "chair", "online_safety_lead")


@dataclass(frozen=True)
class Contacts:
    front_door: Contact
    out_of_hours: Contact
    lado: Contact
    police: Police
    nspcc_whistleblowing: Contact
    partnership: Partnership | None = None
    la_safeguarding_officer: Contact | None = None
    consultation_line: Contact | None = None
    others: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class Systems:
    concern_recording: str
    mis: str | None = None


@dataclass(frozen=True)
class Guidance:
    kcsie: int
    working_together: int
    editions: tuple = ()  # generator.profile.guidance.Edition: the profile's (or its LA's) additions and corrections
    named: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # what the profile names, if anything

    @property
    def kcsie_title(self) -> str:
        return f"Keeping Children Safe in Education {self.kcsie}"

    @property
    def working_together_title(self) -> str:
        return f"Working Together to Safeguard Children {self.working_together}"


@dataclass(frozen=True)
class Review:
    last_reviewed: dt.date
    next_review: dt.date
    owner_key: str = "dsl"
    approved_by: str | None = None
    cycle_months: int = 12


@dataclass(frozen=True)
class VulnerabilityLevel:
    """One level of the closure addendum's vulnerability scheme."""

    key: str  # "1" / "red"
    label: str | None  # "Category 1" / "Red"; None: the scheme's (or the key)
    meaning: str | None  # short description, e.g. "child protection plan"
    criteria: tuple[str, ...]
    contact: str | None  # e.g. "daily"; None: the scheme's


@dataclass(frozen=True)
class ClosureActive:
    """A closure in force: ``closure.active`` (``from`` is ``start`` here, a Python keyword)."""

    start: dt.date
    reason: str
    until: dt.date | None = None  # None: the end is not known yet

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Closure:
    enabled: bool = True
    scheme: str = "categories"  # "categories" | "rag"
    levels: tuple[VulnerabilityLevel, ...] = ()
    recording_tag: str = "CLOSURE"
    missing_after_school_days: int = 5
    first_call_within_hours: int = 24
    inform_la_after_school_days: int = 10
    home_visit_authorised_by: str = "the DSL"
    home_visit_record_within_hours: int = 24
    escalation_meeting: str = "weekly"
    duty_rota: bool = True
    active: ClosureActive | None = None  # readiness (enabled) is not a closure in force (active)

    def in_force(self, day: dt.date) -> bool:
        """True while a closure is in force on ``day`` (the build date)."""
        return self.enabled and self.active is not None and self.active.covers(day)


@dataclass(frozen=True)
class Letters:
    signatory_key: str = "dsl"  # a key of people
    signatory: Person | None = None  # resolved from signatory_key


@dataclass(frozen=True)
class Profile:
    schema_version: int
    source: str  # the profile file's path, as given
    organisation: Organisation
    people: People
    contacts: Contacts
    systems: Systems
    guidance: Guidance
    review: Review
    answers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    closure: Closure = field(default_factory=Closure)
    letters: Letters = field(default_factory=Letters)
    template_dirs: tuple[str, ...] = ()  # extra template folders: setting first, then LA

    @property
    def review_owner(self) -> Person:
        return self.people.holder(self.review.owner_key)
