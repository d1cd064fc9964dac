"""The routes every document states, decided once from the profile.

Who staff tell about a child, who manages an allegation about an adult, who
takes over when the allegation is about that person, who authorises a home
visit in a closure and how often each level of vulnerable child is contacted:
the policy, the flowcharts, the addendum, the handbook and the forms all read
these answers from the render context (``routes``), never decide them again.

Case manager (KCSIE Part 4; /work/shared/guidance-facts.md section 2): it is
normally the headteacher, principal or manager.  A school names its
headteacher; an alternative provision or other setting without one is run by
its coordinator or proprietor (``people.coordinator``), who is then its
manager; a setting with neither has only the DSL to do it.  When the
allegation is about the case manager (or the DSL, or the proprietor), the
chair of the governing body, management committee or trust, or the
proprietor (``people.chair``) takes over; where nobody is above the manager,
staff go straight to the LADO.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.profile.model import Closure, People, Person, VulnerabilityLevel


@dataclass(frozen=True)
class Routes:
    tell: tuple[Person, ...]  # the DSL, then each deputy, in order
    case_manager: Person  # an allegation about an adult goes to them
    case_manager_role: str  # "head" (the kind's word), "coordinator" or "dsl"
    takes_over: Person | None  # allegation about the case manager, DSL or proprietor; None: straight to the LADO
    home_visits_by: str  # the profile's wording, e.g. "the DSL"
    home_visits_person: Person | None  # the person that wording names, when we know them
    levels: tuple[VulnerabilityLevel, ...]  # closure contact frequency per level, highest need first

    @property
    def dsl(self) -> Person:
        return self.tell[0]

    @property
    def deputies(self) -> tuple[Person, ...]:
        return self.tell[1:]

    @property
    def straight_to_lado(self) -> bool:
        return self.takes_over is None


def decide(people: People, closure: Closure, levels: tuple[VulnerabilityLevel, ...] = ()) -> Routes:
    if people.headteacher:
        manager, role = people.headteacher, "head"
    elif people.coordinator:
        manager, role = people.coordinator, "coordinator"
    else:
        manager, role = people.dsl, "dsl"
    takes_over = people.chair if people.chair and people.chair != manager else None
    return Routes(
        tell=(people.dsl, *people.deputy_dsls),
        case_manager=manager, case_manager_role=role, takes_over=takes_over,
        home_visits_by=closure.home_visit_authorised_by,
        home_visits_person=_named(people, closure.home_visit_authorised_by),
        levels=tuple(levels) if closure.enabled else (),
    )


_ROLE_WORDS = {
    "dsl": ("the dsl", "the designated safeguarding lead", "dsl"),
    "headteacher": ("the headteacher", "the head", "the headteacher or principal", "the principal", "headteacher"),
    "coordinator": ("the coordinator", "the director", "the manager", "the centre manager", "coordinator"),
    "chair": ("the chair", "the chair of governors", "the proprietor", "chair"),
}


def _named(people: People, wording: str) -> Person | None:
    """The person a free-text role (``closure.home_visit_authorised_by``) names."""
    said = " ".join(str(wording).lower().split())
    for key, words in _ROLE_WORDS.items():
        person = people.get(key)
        if person is not None and said in words:
            return person
    for person in (people.dsl, *people.deputy_dsls, people.headteacher, people.coordinator, people.chair):
        if person is not None and said in (person.name.lower(), (person.job_title or "").lower(),
                                           f"the {(person.job_title or '').lower()}"):
            return person
    return None
