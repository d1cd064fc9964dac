"""The profile schema, declared once.

Cerberus validates against it; the JSON Schema for editors and the user
documentation of the profile format are generated from it
(``generator.profile.schema_export``), so the three can never drift apart.
Each field's ``meta.description`` is its documentation.

Code checks that cerberus cannot express (phone numbers, emails, URLs,
dates in order, cross references) live in ``generator.profile.validate``; the
``meta.check`` marker names which one applies to a field.
"""

from __future__ import annotations

import datetime as dt

SLUG = r"^[a-z0-9][a-z0-9-]{1,63}$"
# Dates a profile may hold: a typo such as 9999-12-31 is refused here, before a
# review date a year later overflows (the review calendar crashed on it).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
KINDS = ["alternative_provision", "school", "academy_trust", "partnership", "college", "early_years"]
PEOPLE_ROLES = ["dsl", "deputy_dsls", "coordinator", "headteacher", "chair", "online_safety_lead"]


# Longer than any real value, short enough for every format (Word refuses
# document properties over 255 characters; the organisation's name is one).
MAX_TEXT = 500
MAX_NAME = 200
MAX_ANSWER = 20_000


def text(description: str, required: bool = False, **extra) -> dict:
    rule = {"type": "string", "empty": False, "maxlength": MAX_TEXT, "meta": {"description": description}}
    if required:
        rule["required"] = True
    rule.update(extra)
    return rule


def checked(description: str, check: str, required: bool = False) -> dict:
    rule = text(description, required)
    rule["meta"]["check"] = check
    return rule


def date(description: str, required: bool = False) -> dict:
    rule = {"type": "date", "min": EARLIEST_DATE, "max": LATEST_DATE,
            "meta": {"description": description + " (ISO date: YYYY-MM-DD)"}}
    if required:
        rule["required"] = True
    return rule


def boolean(description: str) -> dict:
    return {"type": "boolean", "meta": {"description": description}}


def integer(description: str, minimum: int, maximum: int) -> dict:
    return {"type": "integer", "min": minimum, "max": maximum, "meta": {"description": description}}


def mapping(description: str, schema: dict, required: bool = False) -> dict:
    rule = {"type": "dict", "schema": schema, "meta": {"description": description}}
    if required:
        rule["required"] = True
    return rule


def listing(description: str, item: dict) -> dict:
    return {"type": "list", "schema": item, "meta": {"description": description}}


PERSON = {
    "name": text("Full name as it should appear in documents.", required=True),
    "job_title": text("Job title, e.g. Centre Manager."),
    "phone": checked("Work phone number, in quotes, e.g. \"0116 496 0001\".", "phone"),
    "email": checked("Work email address.", "email"),
    "private": boolean("true keeps this person's phone and email out of the handbook site and parent letters."),
}


def person(description: str, required: bool = False) -> dict:
    return mapping(description, PERSON, required)


CONTACT = {
    "name": text("Name of the team or service."),
    "phone": checked("Phone number, in quotes.", "phone"),
    "email": checked("Email address.", "email"),
    "url": checked("Web address (https://...).", "url"),
    "hours": text("When it can be reached, e.g. \"Monday to Friday 8.30am to 5pm\"."),
    "notes": text("Anything else staff must know to use it.", maxlength=2000),
    "verified": date("When someone last checked these details; older than 12 months gives a warning"),
    "private": boolean("true keeps this contact's phone and email out of the handbook site and parent letters."),
}


def contact(description: str, required: bool = False, named: bool = False, **extra_fields) -> dict:
    fields = {**CONTACT, **extra_fields}
    if named:  # its name is printed in the flowchart's boxes and the policy's steps
        fields["name"] = text("Name of the team or service; it is printed in the flowcharts.", required=True)
    rule = mapping(description, fields, required)
    rule["meta"]["check"] = "reachable"
    return rule


LEVEL = {
    "key": text("Short key of the level, e.g. \"1\" or \"red\".", required=True),
    "label": text("How the level is named, e.g. \"Category 1\" or \"Red\"."),
    "meaning": text("What puts a child in this level, in a few words."),
    "criteria": listing("The criteria, one per item.", text("A criterion.")),
    "contact": text("How often staff contact the child, e.g. \"daily\", \"twice a week\"."),
}

EDITION = {
    "series": text("Which guidance: kcsie, working_together, prevent_duty, ... (docs/content-sources.md lists them), "
                   "or a new id with a title.", required=True, regex=r"^[a-z][a-z0-9_]{1,40}$"),
    "edition": integer("The edition (year).", 1990, 2100),
    "in_force": date("The day it comes into force", required=True),
    "title": text("Its title (needed only for a series policypack does not know)."),
    "address": checked("Where it is published (https://...).", "url"),
    "superseded_by": text("What replaced it, if anything."),
    "note": text("Anything a reader should know about this entry."),
}
EDITION["edition"]["required"] = True

SCHEMA: dict = {
    "schema_version": {"type": "integer", "required": True, "allowed": [1],
                       "meta": {"description": "The profile format version. Always 1."}},
    "extends": checked("Path of a shared (e.g. local-authority) profile whose values this one inherits; "
                       "relative to this file, inside the profiles folder.", "extends"),
    "organisation": mapping("The organisation the pack is for.", {
        "id": text("Short name used for the output folder: lower-case letters, digits and hyphens.",
                   required=True, regex=SLUG),
        "name": text("Full name as it appears on documents.", required=True, maxlength=MAX_NAME),
        "kind": {"type": "string", "required": True, "allowed": KINDS,
                 "meta": {"description": "What kind of setting this is."}},
        "local_authority": text("The local authority the setting is in.", required=True),
        "commissioner": text("Who commissions places or keeps learners on roll."),
        "address": text("Postal address on one line."),
        "phone": checked("Main phone number, in quotes.", "phone"),
        "email": checked("Main email address.", "email"),
        "website": checked("Website (https://...).", "url"),
        "logo": checked("Logo image (PNG or JPEG), relative to this file.", "logo"),
    }, required=True),
    "people": mapping("The people with safeguarding roles. Each person: name, job_title, phone, email, private.", {
        "dsl": person("The Designated Safeguarding Lead.", required=True),
        "deputy_dsls": listing("Deputy DSLs (may be empty).", mapping("A deputy DSL.", PERSON)),
        "coordinator": person("Director, coordinator or proprietor."),
        "headteacher": person("Headteacher or head of centre."),
        "chair": person("Chair of governors, trustees or management committee."),
        "online_safety_lead": person("Online safety lead, when not the DSL."),
    }, required=True),
    "contacts": mapping("Services outside the organisation. Each needs at least one way to reach it.", {
        "front_door": contact("Children's social care front door (MASH, First Response, ...).", required=True, named=True,
                              referral_form=text("The multi-agency referral form's name, e.g. MARF.")),
        "out_of_hours": contact("Emergency duty team for evenings, weekends and holidays.", required=True, named=True),
        "lado": contact("Local Authority Designated Officer (allegations against adults).", required=True),
        "la_safeguarding_officer": contact("The LA's safeguarding-in-education officer."),
        "consultation_line": contact("Advice line for DSLs."),
        "police": mapping("Police numbers.", {
            "emergency": checked("Emergency number; default 999.", "phone"),
            "non_emergency": checked("Non-emergency number; default 101.", "phone"),
        }),
        "nspcc_whistleblowing": contact("NSPCC whistleblowing advice line; default 0800 028 0285."),
        "partnership": mapping("The local safeguarding children partnership.", {
            "name": text("Name of the partnership.", required=True),
            "procedures_url": checked("Address of its online procedures.", "url"),
            "verified": date("When someone last checked these details"),
        }),
        "others": listing("Other local services.", contact("A local service.", purpose=text("What it is for."))),
    }, required=True),
    "systems": mapping("Systems the organisation uses.", {
        "concern_recording": text("Where concerns are recorded: CPOMS, MyConcern, paper, ...", required=True),
        "mis": text("Management information system holding contact details, e.g. SIMS."),
    }, required=True),
    "guidance": mapping("Guidance editions the documents cite. By default each document cites the newest edition "
                        "in force on the day of the build; naming an older one gives a warning.", {
        "kcsie": integer("Keeping Children Safe in Education edition (year).", 2015, 2100),
        "working_together": integer("Working Together to Safeguard Children edition (year).", 2010, 2100),
        "editions": listing("Editions policypack does not know yet, or corrections to one it knows "
                            "(usually in a local authority's file); no code change is needed.",
                            mapping("An edition of a series of guidance or law.", EDITION)),
    }),
    "review": mapping("The annual review and approval cycle.", {
        "last_reviewed": date("When the policy was last reviewed", required=True),
        "next_review": date("When it must next be reviewed; after last_reviewed", required=True),
        "approved_by": text("Who approves the review, e.g. Local Board, Governing Body."),
        "owner": {"type": "string", "allowed": PEOPLE_ROLES,
                  "meta": {"description": "Which person (a key of people) is responsible for the review; default dsl."}},
        "cycle_months": integer("Months between reviews; default 12.", 1, 24),
    }, required=True),
    "policy": mapping("The policy's own wording.", {
        "answers": {"type": "dict", "keysrules": {"type": "string", "regex": r"^[a-z0-9][a-z0-9-]*$"},
                    "valuesrules": {"type": "string", "empty": False, "maxlength": MAX_ANSWER},
                    "meta": {"description": "Your answer to each \"How do we do this\" prompt, keyed by prompt id "
                                            "(`policypack check` lists them). Plain text: blank lines separate paragraphs, "
                                            "lines starting with \"- \" are bullets.", "check": "answers"}},
    }),
    "closure": mapping("The emergency-closure addendum's settings.", {
        "enabled": boolean("false: no addendum is built. Default true."),
        "scheme": {"type": "string", "allowed": ["categories", "rag"],
                   "meta": {"description": "Vulnerability scheme: categories (1/2/3) or rag (red/amber/blue/yellow). Default categories."}},
        "levels": listing("Override the scheme's levels (criteria and contact frequency).", mapping("A level.", LEVEL)),
        "recording_tag": text("Tag under which every closure contact is recorded. Default CLOSURE."),
        "missing_after_school_days": integer("A family not acknowledging contact for this many school days is logged as missing. Default 5.", 1, 60),
        "first_call_within_hours": integer("A phone call is made within this many hours after that. Default 24.", 1, 168),
        "inform_la_after_school_days": integer("The LA is informed after this many school days without contact; more than 10 gives a warning (children missing education). Default 10.", 1, 120),
        "home_visit_authorised_by": text("Who authorises home visits. Default: the DSL."),
        "home_visit_record_within_hours": integer("Home visits are recorded within this many hours. Default 24.", 1, 168),
        "escalation_meeting": text("How often the multi-agency escalation group meets. Default weekly."),
        "duty_rota": boolean("Whether a duty-team rota form is built. Default true."),
        "active": mapping("A closure in force now. Leave it out while there is none: `enabled` keeps the addendum "
                          "built and ready, and only while `active` covers the build date do the handbook's closure "
                          "banner and closure-in-force wording appear.", {
            "from": date("First day of the closure.", required=True),
            "until": date("Last day of the closure; leave it out while the end is not known."),
            "reason": text("Why the setting is closed, in a few words, e.g. \"flooding in the main building\".",
                           required=True),
        }),
    }),
    "letters": mapping("Parent letter settings.", {
        "signatory": {"type": "string", "allowed": PEOPLE_ROLES[:1] + PEOPLE_ROLES[2:],
                      "meta": {"description": "Which person (a key of people) signs the letters. Default dsl."}},
    }),
    "templates": mapping("Where this setting's own templates live.", {
        "dir": checked("Folder of template overrides (content .md files and master .docx files), relative to this file.", "template_dir"),
    }),
}
