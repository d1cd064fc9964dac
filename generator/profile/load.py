"""Load, validate and type a profile: the only way in for profile data."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from types import MappingProxyType

from generator import clock
from generator.errors import Problem, ProfileInvalid
from generator.profile import guidance
from generator.profile.inherit import Merged, inside, load_with_parents, profiles_root
from generator.profile.model import (
    Closure,
    ClosureActive,
    Contact,
    Contacts,
    Guidance,
    Letters,
    Organisation,
    Partnership,
    People,
    Person,
    Police,
    Profile,
    Review,
    Systems,
    VulnerabilityLevel,
)
from generator.profile.phones import parse_phone
from generator.profile.validate import validate
from generator.yamlload import YamlRefused

DEFAULTS = {
    "police": {"emergency": "999", "non_emergency": "101"},
    "nspcc_whistleblowing": {"name": "NSPCC Whistleblowing Advice Line", "phone": "0800 028 0285"},
}
LOGO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
# A logo is copied into every document of the pack (a 48 MB logo made a 463 MB
# pack): a larger one is refused, not scaled down, so the user chooses the copy.
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 4_000  # on either side
_FIX_LOGO = "save a smaller copy of the logo (600 pixels wide is plenty for a header) as PNG and point logo: at it"


@dataclass(frozen=True)
class LoadResult:
    profile: Profile
    warnings: tuple[Problem, ...]
    chain: tuple[str, ...] = ()  # the profile files read, the setting first (then its LA file)


def load_profile(path: str, today: dt.date | None = None, check_prompts: bool = True,
                 text: str | None = None) -> LoadResult:
    """Load ``path`` (following ``extends:``), validate it, and type it.

    Raises :class:`ProfileInvalid` listing every problem when anything is
    wrong; warnings travel with the result.  ``text`` stands for the file's
    content when given (a change checked before it is written).
    """
    merged, problems, logo, template_dirs = _checked(path, text, today or clock.today(), check_prompts, False)
    if any(p.severity == "error" for p in problems):
        raise ProfileInvalid(problems)
    profile = _build(merged, path, logo, tuple(template_dirs))
    return LoadResult(profile, tuple(p for p in problems if p.severity == "warning"), merged.chain)


def _checked(path: str, text: str | None, today: dt.date, check_prompts: bool, allow_placeholders: bool):
    """Load and validate: (merged, problems, logo path, template folders)."""
    try:
        merged = load_with_parents(path, text)
    except YamlRefused as refused:
        raise ProfileInvalid(refused.problems) from None
    template_dirs, problems = _template_dirs(merged)
    known = None
    if check_prompts and not problems:
        from generator.sources.prompts import (
            catalogue,  # the template layer, only when needed
        )

        known = catalogue(tuple(template_dirs))
    problems += validate(merged, today, known, _scheme_keys(template_dirs) if not problems else None,
                         allow_placeholders=allow_placeholders)
    logo, logo_problems = _logo(merged)
    return merged, problems + logo_problems, logo, template_dirs


def problems_of(path: str, text: str | None = None, allow_placeholders: bool = False,
                check_prompts: bool = True) -> list[Problem]:
    """Every problem (errors and warnings) ``policypack validate`` would print for ``path``.

    ``allow_placeholders`` lets the starter's REPLACE values pass (for `new`).
    """
    try:
        return _checked(path, text, clock.today(), check_prompts, allow_placeholders)[1]
    except ProfileInvalid as exc:
        return list(exc.problems)


def check_shared(path: str, today: dt.date | None = None) -> list[Problem]:
    """Every problem of a shared (local-authority) file checked on its own.

    Such a file is a partial profile: keys it leaves to the settings that
    extend it are not required, but every value it does hold is checked as a
    setting's would be.
    """
    try:
        merged = load_with_parents(path)
    except YamlRefused as refused:
        return list(refused.problems)
    template_dirs, problems = _template_dirs(merged)
    problems += validate(merged, today or clock.today(), None, _scheme_keys(template_dirs) if not problems else None,
                         partial=True)
    return problems + _logo(merged)[1]


def _resolve_confined(merged: Merged, key_path: tuple, value: str, what: str) -> tuple[str | None, list[Problem]]:
    file, line = merged.place(key_path)
    root = profiles_root(merged.chain[0])
    key = ".".join(key_path)
    if "\0" in value:  # the operating system refuses such a path ("embedded null byte")
        return None, [Problem(file, line, key, "the path contains a NUL character (\\0)",
                              f"write the path of the {what} again, without the \\0")]
    target = os.path.normpath(os.path.join(os.path.dirname(file), value))
    if not inside(target, root):
        return None, [Problem(file, line, key, f"'{value}' is outside the profiles folder {root}",
                              f"keep the {what} inside the profiles folder")]
    return os.path.realpath(target), []


def _logo(merged: Merged) -> tuple[str | None, list[Problem]]:
    value = merged.data.get("organisation", {}).get("logo") if isinstance(merged.data.get("organisation"), dict) else None
    if not isinstance(value, str):
        return None, []
    key_path = ("organisation", "logo")
    target, problems = _resolve_confined(merged, key_path, value, "logo")
    if problems:
        return None, problems
    file, line = merged.place(key_path)
    if not os.path.isfile(target):  # a folder, a named pipe (open() would block) or a device
        return None, [Problem(file, line, "organisation.logo", f"'{value}' is not an image file",
                              "point logo: at a PNG or JPEG file beside the profile")]
    try:
        size = os.path.getsize(target)
        with open(target, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return None, [Problem(file, line, "organisation.logo", f"the logo file '{value}' cannot be read",
                              "check the path; it is relative to the profile file")]
    if size > MAX_LOGO_BYTES:
        return None, [Problem(file, line, "organisation.logo",
                              f"the logo '{value}' is {size / 1e6:.1f} MB; a logo may be at most "
                              f"{MAX_LOGO_BYTES // 1_000_000} MB (it is copied into every document), so it is refused",
                              _FIX_LOGO)]
    pixels = _image_pixels(target) if head.startswith(LOGO_MAGIC) else None
    if not pixels:
        return None, [Problem(file, line, "organisation.logo", f"'{value}' is not a readable PNG or JPEG image",
                              "export the logo again as PNG from any image editor")]
    if max(pixels) > MAX_LOGO_PIXELS:
        return None, [Problem(file, line, "organisation.logo",
                              f"the logo '{value}' is {pixels[0]:,} x {pixels[1]:,} pixels; a logo may be at most "
                              f"{MAX_LOGO_PIXELS:,} pixels a side, so it is refused", _FIX_LOGO)]
    return target, []


def _image_pixels(path: str) -> tuple[int, int] | None:
    """``(width, height)`` as python-docx reads them (as the build will), or None."""
    from docx.image.image import Image  # only when a profile has a logo

    try:
        image = Image.from_file(path)
    except Exception:  # any parse failure means the same thing: not a usable image
        return None
    return (image.px_width, image.px_height) if image.px_width > 0 and image.px_height > 0 else None


def template_dirs(merged: Merged) -> list[str]:
    """The template folders a merged profile names (those that exist), setting first."""
    return _template_dirs(merged)[0]


def _template_dirs(merged: Merged) -> tuple[list[str], list[Problem]]:
    """Each file's own `templates.dir`, setting first, then its LA."""
    dirs, problems = [], []
    for source in merged.sources:
        value = source.data.get("templates", {}).get("dir") if isinstance(source.data.get("templates"), dict) else None
        if not isinstance(value, str):
            continue
        sub = Merged(data=source.data, origin={(): source}, chain=(source.path,), sources=(source,))
        target, found = _resolve_confined(sub, ("templates", "dir"), value, "template folder")
        problems += found
        if target and not os.path.isdir(target):
            problems.append(Problem(source.path, source.line_of(("templates", "dir")), "templates.dir",
                                    f"the folder '{value}' does not exist", "create it or fix the path"))
        elif target:
            dirs.append(target)
    return dirs, problems


def _scheme_keys(template_dirs: list[str]) -> dict[str, tuple[str, ...]]:
    """The level keys of each closure scheme, from the templates' schemes.yaml."""
    from generator.errors import TemplateProblem
    from generator.sources.data import parse_template_yaml
    from generator.sources.templates import TemplateSet

    try:
        templates = TemplateSet.for_dirs(tuple(template_dirs))
        schemes = parse_template_yaml(templates.read("addendum/schemes.yaml"), templates.find("addendum/schemes.yaml"),
                                      "addendum/schemes.yaml")
        return {name: tuple(str(level.get("key", "")).strip().lower() for level in scheme.get("levels") or ())
                for name, scheme in schemes.items() if isinstance(scheme, dict)}
    except (TemplateProblem, AttributeError, TypeError):
        return {}  # a broken schemes file is reported by the build, with its own message


# -- typing the validated data -------------------------------------------------

def _phone(value):
    return parse_phone(value) if value else None


def _closure_active(active: dict | None) -> ClosureActive | None:
    if not active:
        return None
    return ClosureActive(start=active["from"], until=active.get("until"), reason=active["reason"])


def _person(data: dict | None) -> Person | None:
    if not data:
        return None
    return Person(name=data["name"], job_title=data.get("job_title"), phone=_phone(data.get("phone")),
                  email=data.get("email"), private=bool(data.get("private", False)))


def _contact(data: dict | None, defaults: dict | None = None) -> Contact | None:
    data = {**(defaults or {}), **(data or {})}
    if not data:
        return None
    return Contact(name=data.get("name"), phone=_phone(data.get("phone")), email=data.get("email"), url=data.get("url"),
                   hours=data.get("hours"), notes=data.get("notes"), referral_form=data.get("referral_form"),
                   purpose=data.get("purpose"), verified=data.get("verified"), private=bool(data.get("private", False)))


def _build(merged: Merged, path: str, logo: str | None, template_dirs: tuple[str, ...]) -> Profile:
    data = merged.data
    org, people, contacts = data["organisation"], data["people"], data["contacts"]
    police = {**DEFAULTS["police"], **(contacts.get("police") or {})}
    partnership = contacts.get("partnership")
    people_obj = People(
        dsl=_person(people["dsl"]),
        deputy_dsls=tuple(_person(p) for p in people.get("deputy_dsls") or ()),
        coordinator=_person(people.get("coordinator")), headteacher=_person(people.get("headteacher")),
        chair=_person(people.get("chair")), online_safety_lead=_person(people.get("online_safety_lead")),
    )
    cited = data.get("guidance") or {}
    today = clock.today()
    review = data["review"]
    closure = data.get("closure") or {}
    letters = data.get("letters") or {}
    signatory_key = letters.get("signatory", "dsl")
    return Profile(
        schema_version=data["schema_version"],
        source=path,
        organisation=Organisation(
            id=org["id"], name=org["name"], kind=org["kind"], local_authority=org["local_authority"],
            commissioner=org.get("commissioner"), address=org.get("address"), phone=_phone(org.get("phone")),
            email=org.get("email"), website=org.get("website"), logo=logo),
        people=people_obj,
        contacts=Contacts(
            front_door=_contact(contacts["front_door"]), out_of_hours=_contact(contacts["out_of_hours"]),
            lado=_contact(contacts["lado"]),
            police=Police(emergency=parse_phone(police["emergency"]), non_emergency=parse_phone(police["non_emergency"])),
            nspcc_whistleblowing=_contact(contacts.get("nspcc_whistleblowing"), DEFAULTS["nspcc_whistleblowing"]),
            partnership=Partnership(partnership["name"], partnership.get("procedures_url")) if partnership else None,
            la_safeguarding_officer=_contact(contacts.get("la_safeguarding_officer")),
            consultation_line=_contact(contacts.get("consultation_line")),
            others=tuple(_contact(c) for c in contacts.get("others") or ()),
        ),
        systems=Systems(concern_recording=data["systems"]["concern_recording"], mis=data["systems"].get("mis")),
        guidance=_guidance(cited, max(today, review["last_reviewed"])),
        review=Review(last_reviewed=review["last_reviewed"], next_review=review["next_review"],
                      owner_key=review.get("owner", "dsl"), approved_by=review.get("approved_by"),
                      cycle_months=review.get("cycle_months", 12)),
        answers=MappingProxyType(dict((data.get("policy") or {}).get("answers") or {})),
        closure=Closure(
            **{k: v for k, v in closure.items() if k not in ("levels", "active")},
            active=_closure_active(closure.get("active")),
            levels=tuple(VulnerabilityLevel(key=lv["key"], label=lv.get("label"), meaning=lv.get("meaning"),
                                            criteria=tuple(lv.get("criteria") or ()), contact=lv.get("contact"))
                         for lv in closure.get("levels") or ())),
        letters=Letters(signatory_key=signatory_key, signatory=people_obj.holder(signatory_key)),
        template_dirs=template_dirs,
    )


def _guidance(cited: dict, on: dt.date) -> Guidance:
    """The editions the documents cite: the newest in force on the build day
    (or on the last review, if later), or a newer one the profile names."""
    extra = guidance.from_profile(cited.get("editions"))
    return Guidance(kcsie=guidance.cited("kcsie", on, cited.get("kcsie"), extra),
                    working_together=guidance.cited("working_together", on, cited.get("working_together"), extra),
                    editions=extra,
                    named=MappingProxyType({k: cited[k] for k in ("kcsie", "working_together") if cited.get(k)}))

