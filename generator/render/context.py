"""The one render context shared by every output.

Privacy is enforced here, once: for a ``public`` audience (the handbook
site, parent letters, the published policy) the phone and email of any
person or contact marked ``private: true`` are removed before a template
can see them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator import clock
from generator.profile import guidance
from generator.profile.model import Contact, Person, Profile
from generator.render import levels, routes
from generator.sources.kinds import kind_table
from generator.sources.templates import TemplateSet

AUDIENCES = ("staff", "public")
# The names every template may use: the keys of make_context().  `templates
# check` and docs/architecture.md take them from here.
CONTEXT_NAMES = frozenset({"org", "people", "contacts", "systems", "guidance", "review", "closure", "letters",
                           "audience", "today", "sources", "kind", "words", "routes"})


def _public(item):
    if isinstance(item, (Person, Contact)) and item.private:
        return dataclasses.replace(item, phone=None, email=None)
    return item


def visible_people(profile: Profile, audience: str):
    people = profile.people
    if audience == "staff":
        return people
    return dataclasses.replace(
        people,
        dsl=_public(people.dsl),
        deputy_dsls=tuple(_public(p) for p in people.deputy_dsls),
        coordinator=_public(people.coordinator), headteacher=_public(people.headteacher),
        chair=_public(people.chair), online_safety_lead=_public(people.online_safety_lead),
    )


def visible_contacts(profile: Profile, audience: str):
    contacts = profile.contacts
    if audience == "staff":
        return contacts
    replaced = {f.name: _public(getattr(contacts, f.name)) for f in dataclasses.fields(contacts) if f.name != "others"}
    return dataclasses.replace(contacts, **replaced, others=tuple(_public(c) for c in contacts.others))


def cited_sources(profile: Profile, today: dt.date) -> dict:
    """Every series of guidance and law the documents may cite, as the edition
    in force on the build day (or the last review, if later), or none."""
    on = max(today, profile.review.last_reviewed)
    found = {name: guidance.in_force(name, on, profile.guidance.editions) for name in guidance.series_ids()}
    for name in ("kcsie", "working_together"):  # a newer edition the profile names
        pinned = getattr(profile.guidance, name)
        if found[name] is None or found[name].edition != pinned:
            found[name] = guidance.known(name, profile.guidance.editions).get(pinned, found[name])
    return found


def make_context(profile: Profile, audience: str, today: dt.date | None = None,
                 templates: TemplateSet | None = None) -> dict:
    if audience not in AUDIENCES:
        raise ValueError(audience)
    today = today or clock.today()
    templates = templates or TemplateSet.for_dirs(profile.template_dirs)
    kind = kind_table(templates, profile.organisation.kind)
    people = visible_people(profile, audience)
    letters = profile.letters
    return {
        "org": profile.organisation,
        "people": people,
        "contacts": visible_contacts(profile, audience),
        "systems": profile.systems,
        "guidance": profile.guidance,
        "sources": cited_sources(profile, today),
        "kind": kind,
        "words": kind["words"],
        "review": {"last_reviewed": profile.review.last_reviewed, "next_review": profile.review.next_review,
                   "approved_by": profile.review.approved_by, "owner": people.holder(profile.review.owner_key),
                   "cycle_months": profile.review.cycle_months},
        "closure": profile.closure,
        # Decided once here; every document states these (generator/render/routes.py).
        "routes": routes.decide(people, profile.closure,
                                levels.resolved(templates, profile.closure) if profile.closure.enabled else ()),
        "letters": {"signatory": people.holder(letters.signatory_key)},
        "audience": audience,
        "today": today,
    }
