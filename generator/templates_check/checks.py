"""`policypack templates check DIR`: find what breaks custom templates
before a build does.

A template folder has the layout of the built-in ``templates/``:
``policy/*.md``, ``addendum/*.md``, ``letters/*.md``, ``handbook/*.md``
(content templates: YAML front matter, then Jinja + Markdown),
``masters/*.docx`` (Word masters with docxtpl tags) and YAML data files.

Checks, each reported as ``FILE:LINE: message`` with a fix:

- content templates: front matter YAML and prompt declarations; Jinja syntax
  (with the text of the line); Word's curly quotes inside ``{{ }}`` /
  ``{% %}``; names the render context does not provide; attributes that the
  profile's objects (generator/model.py) do not have; ``answer("id")`` with
  an id that no policy template declares; include/import/extend (refused by
  the sandbox);
- masters: not a DOCX, no ``word/document.xml``, no ``{{ body }}``, styles the
  body needs (generator/docx/styles.py) missing; curly
  quotes in tags (a warning for the four that docxtpl straightens itself); tags split across paragraphs (docxtpl would silently merge
  the paragraphs) or across runs (a warning: docxtpl joins them); ``{%p %}``,
  ``{%tr %}``, ``{%tc %}`` not alone in their paragraph / row / cell, or with
  ``%`` or ``}`` in their expression; Jinja syntax; names a master may not use;
- YAML data files: syntax errors with their line; ``policy/document.yaml`` and
  ``addendum/document.yaml`` need slug, title and subject; a ``slug`` (it names
  an output file) must be a plain file name.

Nothing is rendered and nothing is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import types
import typing
import zipfile
from dataclasses import dataclass

from generator.errors import Problem, TemplateProblem

MAX_FILE_BYTES = 2_000_000  # a template is a few kB; a master a few hundred kB
MAX_XML_BYTES = 20_000_000  # one uncompressed part of a master (zip bombs)
CURLY = "\u201c\u201d\u2018\u2019\u201e\u201f\u2032\u2033"
DOCXTPL_STRAIGHTENS = "\u201c\u201d\u2018\u2019"  # docxtpl's patch_xml fixes these inside a master's tags
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_FIX_QUOTES = "retype the quotes as straight quotes (\" or ') and turn off Word's AutoCorrect 'smart quotes' while editing tags"

# What each kind of content template gets besides the shared context
# (generator/render/context.py make_context; "answer" from generator/render/content.py).
BASE_NAMES = frozenset({"org", "people", "contacts", "systems", "guidance", "review", "closure", "letters",
                        "audience", "today", "answer"})
JINJA_GLOBALS = frozenset({"range", "dict", "namespace", "cycler", "joiner"})
EXTRA_NAMES = {
    "addendum": frozenset({"levels", "level", "scheme", "counted"}),  # generator/documents/addendum.py
    "letters": frozenset({"family", "blank"}),  # generator/documents/letters.py
    "handbook": frozenset({"forms", "letters", "history"}),  # generator/handbook/pages.py
}
CONTENT_FOLDERS = ("policy", "addendum", "letters", "handbook")
SKIPPED_FOLDERS = ("profile", "review")  # policypack's own starter profile and report, not overridable


@dataclass
class Report:
    folder: str
    problems: list

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def check_folder(folder: str) -> Report:
    """Every finding about the templates in ``folder``."""
    from generator.errors import UserError

    if not os.path.isdir(folder):
        raise UserError(f"{folder} is not a folder", "give the template folder (the one holding policy/, masters/, ...)")
    problems: list[Problem] = []
    files = _files(folder, problems)
    prompts = _declared_prompts(folder, files, problems)
    for path in files:
        relative = os.path.relpath(path, folder).replace(os.sep, "/")
        if os.path.getsize(path) > MAX_FILE_BYTES:
            problems.append(_error(path, 0, f"the file is {os.path.getsize(path) / 1e6:.1f} MB; a template is a few kB",
                                   "check that this is the right file"))
            continue
        top = relative.split("/", 1)[0]
        if top in SKIPPED_FOLDERS:
            continue
        if path.endswith(".md") and top in CONTENT_FOLDERS:
            _check_content(path, relative, prompts, problems)
        elif path.endswith(".docx"):
            _check_master(path, problems)
        elif path.endswith((".yaml", ".yml")):
            _check_yaml(path, problems)
    return Report(folder, sorted(problems, key=lambda p: (p.file, p.line, p.message)))


def _error(file, line, message, fix, severity="error", key=""):
    return Problem(file, line, key, message, fix, severity)


def _files(folder: str, problems: list) -> list[str]:
    real_root = os.path.realpath(folder)
    found = []
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(base, name)
            if name.startswith((".", "~$")):
                continue
            real = os.path.realpath(path)
            if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
                problems.append(_error(path, 0, "is a link to a file outside the template folder",
                                       "copy the file into the folder instead of linking to it"))
                continue
            if os.path.isfile(path):
                found.append(path)
    return found


# -- content templates ---------------------------------------------------------

def _read_text(path: str, problems: list) -> str | None:
    with open(path, "rb") as handle:
        raw = handle.read()
    if b"\x00" in raw:
        problems.append(_error(path, 0, "is a binary file, not a text template", "save the template as plain UTF-8 text"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(_error(path, line, "is not UTF-8 text", "save the template as UTF-8"))
        return None


def _front_matter(path: str, text: str, problems: list):
    """``(front matter data or None, body, first line of the body)``."""
    import yaml

    from generator.sources.templates import split_front_matter

    front, body, _ = split_front_matter(text)
    first_line = text.count("\n", 0, len(text) - len(body)) + 1  # counted here: the body's real first line
    if not front:
        return None, body, first_line
    try:
        return _load_yaml(front), body, first_line
    except _TooDeep as exc:
        problems.append(_error(path, exc.line + 1, f"the front matter is {exc}", "a front matter needs only a few levels"))
        return None, body, first_line
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2  # the front matter starts on line 2
        problem = getattr(exc, "problem", None) or "invalid YAML"
        problems.append(_error(path, line, f"the front matter is not valid YAML: {problem}",
                               "fix the block between the two --- lines (indentation, quotes around text with ':')"))
        return None, body, first_line


def _declared_prompts(folder: str, files: list[str], problems: list) -> set[str]:
    """Prompt ids of the built-in policy plus those this folder declares."""
    from generator.sources.prompts import catalogue

    known: set[str] = set()
    try:
        known.update(catalogue(()))
    except TemplateProblem:  # the built-in templates are checked by their own tests
        known = set()
    seen: dict[str, str] = {}
    for path in files:
        relative = os.path.relpath(path, folder).replace(os.sep, "/")
        if not (relative.startswith("policy/") and path.endswith(".md")):
            continue
        text = _read_text(path, [])
        if text is None:
            continue
        data, _, _ = _front_matter(path, text, [])
        declared = data.get("prompts") if isinstance(data, dict) else None
        if declared is None:
            continue
        if not isinstance(declared, list):
            problems.append(_error(path, 2, "prompts: must be a list", "write - id: some-id / question: ... under prompts:"))
            continue
        for item in declared:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item.get("question"):
                problems.append(_error(path, _line_of(text, "prompts:"), "each prompt needs an id and a question",
                                       "write - id: some-id / question: ... in the front matter"))
                continue
            if item["id"] in seen:
                problems.append(_error(path, _line_of(text, item["id"]), f"prompt id '{item['id']}' is declared twice "
                                       f"(also in {seen[item['id']]})", "give each prompt its own id"))
            seen[item["id"]] = relative
            known.add(item["id"])
    return known


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _curly_in_tags(text: str, first_line: int = 1):
    """``(line, tag text)`` of each tag holding a curly quote."""
    for match in _TAG.finditer(text):
        if any(ch in match.group(0) for ch in CURLY):
            at = match.start() + next(i for i, ch in enumerate(match.group(0)) if ch in CURLY)
            yield first_line + text.count("\n", 0, at), match.group(0)


def _straighten(text: str) -> str:
    return (text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"').replace("\u201f", '"')
            .replace("\u2018", "'").replace("\u2019", "'").replace("\u2032", "'").replace("\u2033", '"'))


def _check_content(path: str, relative: str, prompts: set[str], problems: list) -> None:
    import jinja2

    from generator.render.jinja_env import markdown_env

    text = _read_text(path, problems)
    if text is None:
        return
    data, body, first_line = _front_matter(path, text, problems)
    if data is not None and not isinstance(data, dict):
        problems.append(_error(path, 2, "the front matter must be a mapping (key: value lines)",
                               "write e.g. prompts: followed by - id: ... / question: ..."))
    for line, tag in _curly_in_tags(body, first_line):
        problems.append(_error(path, line, f"curly quotes inside the tag {_short(tag)}", _FIX_QUOTES))
    source = "\n" * (first_line - 1) + _straighten(body)
    lines = text.splitlines()
    try:
        ast = markdown_env().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        around = lines[exc.lineno - 1].strip() if exc.lineno and exc.lineno <= len(lines) else ""
        problems.append(_error(path, exc.lineno or 0, f"template syntax error: {exc.message} (in: {_short(around)})",
                               "fix the {{ }} or {% %} tag on that line: each tag opens and closes on the same line, "
                               "and {% if %} / {% for %} need their {% endif %} / {% endfor %}"))
        return
    kind = relative.split("/", 1)[0]
    names = BASE_NAMES | JINJA_GLOBALS | EXTRA_NAMES.get(kind, frozenset())
    try:
        file_tags = list(ast.find_all((jinja2.nodes.Include, jinja2.nodes.Import, jinja2.nodes.FromImport,
                                       jinja2.nodes.Extends)))
        for node in file_tags:
            problems.append(_error(path, node.lineno, "include, import and extends are not allowed (templates never "
                                   "read files)", "copy the text you need into this template"))
        if not file_tags:  # the sandbox refuses those while compiling: reported above
            markdown_env().from_string(ast)  # nesting the parser accepts may still be too deep to compile
        _check_names(path, ast, names, problems)
        _check_attributes(path, ast, kind, problems)
        _check_answers(path, ast, prompts, problems)
    except (jinja2.TemplateSyntaxError, RecursionError) as exc:
        message = exc.message if isinstance(exc, jinja2.TemplateSyntaxError) else "the template is nested too deeply"
        problems.append(_error(path, getattr(exc, "lineno", 0) or 1, f"template syntax error: {message}",
                               "split the deeply nested expression or blocks into simpler steps"))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _check_names(path: str, ast, allowed: frozenset, problems: list) -> None:
    from jinja2 import meta, nodes

    unknown = meta.find_undeclared_variables(ast) - allowed
    for name in sorted(unknown):
        node = next((n for n in ast.find_all(nodes.Name) if n.name == name), None)
        close = difflib.get_close_matches(name, sorted(allowed - JINJA_GLOBALS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(_error(path, node.lineno if node else 0, f"'{name}' is not a value templates get",
                               hint + "templates may use: " + ", ".join(sorted(allowed - JINJA_GLOBALS))
                               + " (docs/architecture.md)"))


# -- attribute chains against generator/model.py --------------------------------

@dataclass(frozen=True)
class Seq:
    item: object


@dataclass(frozen=True)
class Record:
    """A dict in the context with known keys (``review``, ``letters``)."""

    name: str
    keys: tuple


def _root_types(kind: str) -> dict:
    from generator.profile import model

    types_ = {
        "org": model.Organisation, "people": model.People, "contacts": model.Contacts, "systems": model.Systems,
        "guidance": model.Guidance, "closure": model.Closure, "today": dt.date, "audience": str,
        "review": Record("review", (("last_reviewed", dt.date), ("next_review", dt.date), ("approved_by", str),
                                    ("owner", model.Person), ("cycle_months", int))),
        "letters": Record("letters", (("signatory", model.Person),)),
    }
    if kind == "addendum":
        types_["levels"] = Seq(model.VulnerabilityLevel)
        types_["scheme"] = Record("scheme", (("key", str), ("name", str)))
    return types_


def _field_type(cls, name: str):
    """The type of ``cls.name``: a model class, Seq, a builtin, or None (unknown)."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        return None
    hint = hints.get(name)
    if hint is None:
        return None
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        hint = args[0] if len(args) == 1 else None
        args = [a for a in typing.get_args(hint) if a is not type(None)] if hint is not None else []
    if typing.get_origin(hint) is tuple and args:
        return Seq(args[0])
    if isinstance(hint, type):
        return hint
    return None


def _attribute(owner, name: str):
    """``(ok, type of owner.name, names owner has)``; ok None when unknown."""
    if isinstance(owner, Record):
        keys = dict(owner.keys)
        return (name in keys, keys.get(name), sorted(keys))
    if isinstance(owner, type) and dataclasses.is_dataclass(owner):
        fields = [f.name for f in dataclasses.fields(owner)]
        extras = [n for n, v in vars(owner).items() if not n.startswith("_") and (isinstance(v, property) or callable(v))]
        if name in fields:
            return True, _field_type(owner, name), sorted(fields + extras)
        return (name in extras, None, sorted(fields + extras))
    if owner in (str, int, dt.date, bool):
        return (not name.startswith("_") and hasattr(owner, name), None, [])
    return None, None, []


def _check_attributes(path: str, ast, kind: str, problems: list) -> None:
    from jinja2 import nodes

    roots = _root_types(kind)
    # A root name the template assigns to itself is no longer the profile's object.
    for node in ast.find_all(nodes.Name):
        if node.ctx in ("store", "param"):
            roots.pop(node.name, None)
    reported: set = set()

    def type_of(node, scope):
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            attr = node.attr if isinstance(node, nodes.Getattr) else (
                node.arg.value if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) else None)
            owner = type_of(node.node, scope)
            if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(owner, Seq):
                return owner.item
            if attr is None or owner is None:
                return None
            ok, result, available = _attribute(owner, attr)
            if ok is False and (node.lineno, attr) not in reported:
                reported.add((node.lineno, attr))
                owner_name = owner.name if isinstance(owner, Record) else owner.__name__
                close = difflib.get_close_matches(attr, available, n=1)
                problems.append(_error(
                    path, node.lineno, f"'{_dotted(node)}': {owner_name} has no '{attr}'",
                    (f"did you mean '{close[0]}'? " if close else "")
                    + (f"{owner_name} has: {', '.join(available)}" if available else "see docs/architecture.md")))
            return result
        return None

    def walk(node, scope):
        if isinstance(node, nodes.For):
            walk(node.iter, scope)
            inner = dict(scope)
            iterated = type_of(node.iter, scope)
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = iterated.item if isinstance(iterated, Seq) else None
            for child in node.body + node.else_ + ([node.test] if node.test else []):
                walk(child, inner)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            type_of(node, scope)
        for child in node.iter_child_nodes():
            walk(child, scope)

    walk(ast, roots)


def _dotted(node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "..."


def _check_answers(path: str, ast, prompts: set[str], problems: list) -> None:
    from jinja2 import nodes

    for call in ast.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "answer"):
            continue
        if len(call.args) != 1 or not isinstance(call.args[0], nodes.Const) or not isinstance(call.args[0].value, str):
            problems.append(_error(path, call.lineno, "answer() takes one prompt id in quotes",
                                   'write {{ answer("prompt-id") }} on a line of its own'))
            continue
        prompt = call.args[0].value
        if prompt not in prompts:
            close = difflib.get_close_matches(prompt, sorted(prompts), n=1)
            problems.append(_error(path, call.lineno, f"answer('{prompt}') names a prompt that no policy template declares",
                                   (f"did you mean '{close[0]}'? " if close else "")
                                   + "declare it in the front matter of a policy template under prompts:"))


# -- YAML data files -------------------------------------------------------------

MAX_YAML_DEPTH = 40


class _TooDeep(Exception):
    def __init__(self, line: int):
        super().__init__(f"nested more than {MAX_YAML_DEPTH} levels deep")
        self.line = line


def _load_yaml(text: str):
    """yaml.safe_load, refusing deep nesting first: libyaml crashes on about
    100,000 nested brackets and the Python loader runs out of stack."""
    import yaml

    depth = 0
    for found in re.finditer(r"[\[{\]}]", text):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _TooDeep(text.count("\n", 0, found.start()) + 1)
        elif depth:
            depth -= 1
    try:
        return yaml.load(text, Loader=yaml.SafeLoader)  # pure Python: a RecursionError, never a crash
    except RecursionError:
        raise _TooDeep(1) from None


def _check_yaml(path: str, problems: list) -> None:
    import yaml

    text = _read_text(path, problems)
    if text is None:
        return
    try:
        data = _load_yaml(text)
    except _TooDeep as exc:
        problems.append(_error(path, exc.line, f"not usable: {exc}", "a data file needs only a few levels"))
        return
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(_error(path, mark.line + 1 if mark else 0, f"not valid YAML: {exc.problem or exc}",
                               "check the indentation and quoting on this line and the one before"))
    except yaml.YAMLError as exc:
        problems.append(_error(path, 0, f"not valid YAML: {exc}", "check the file is YAML"))
    else:
        _check_data_shape(path, text, data, problems)


# The document descriptions the producers index directly (generator/documents/policy.py, addendum.py)
DOCUMENT_KEYS = ("slug", "title", "subject")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _check_data_shape(path: str, text: str, data, problems: list) -> None:
    name = path.replace(os.sep, "/")
    if name.endswith(("/policy/document.yaml", "/addendum/document.yaml")):
        if not isinstance(data, dict):
            problems.append(_error(path, 1, "must be a mapping with slug:, title: and subject:",
                                   "start from the built-in file of the same name"))
            return
        for key in DOCUMENT_KEYS:
            if not isinstance(data.get(key), str) or not data[key].strip():
                problems.append(_error(path, _line_of(text, f"{key}:"), "is missing or not text",
                                       f"write {key}: followed by text, as in the built-in file", key=key))
    slug = data.get("slug") if isinstance(data, dict) else None
    if isinstance(slug, str) and (not _PLAIN_NAME.fullmatch(slug) or ".." in slug):
        problems.append(_error(path, _line_of(text, "slug:"), f"'{slug}' is not a plain file name",
                               "use letters, digits and - only, e.g. my-policy (no '/' or '..')", key="slug"))


# -- Word masters -----------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PART = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_FIX_MASTER = "start from the built-in master in templates/masters/ and restyle it in Word"
_SPECIAL = re.compile(r"\{%(p|tr|tc|r)\s(.*?)%\}", re.DOTALL)


def _check_master(path: str, problems: list) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if "word/document.xml" not in infos:
                problems.append(_error(path, 0, "not a Word document (.docx): it has no word/document.xml",
                                       "save the master from Word as 'Word Document (*.docx)', or " + _FIX_MASTER))
                return
            parts = {}
            for name in sorted(infos, key=lambda n: (n != "word/document.xml", n)):
                if not _PART.fullmatch(name):
                    continue
                if infos[name].file_size > MAX_XML_BYTES:
                    problems.append(_error(path, 0, f"{name} unpacks to {infos[name].file_size / 1e6:.0f} MB",
                                           "this is not a normal Word document; " + _FIX_MASTER))
                    return
                parts[name] = archive.read(name)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
        problems.append(_error(path, 0, "not a Word document (.docx)",
                               "save the master from Word as 'Word Document (*.docx)', or " + _FIX_MASTER))
        return
    for name, data in parts.items():
        _check_part(path, name, data, problems)
    _check_styles(path, parts.get("word/document.xml"), problems)


def _check_styles(path: str, document_xml, problems: list) -> None:
    """The styles the DOCX backend builds the body with (generator/docx/styles.py)."""
    import io

    import docx

    from generator.docx.styles import REQUIRED_STYLES, missing_styles

    if document_xml is None:
        return
    try:
        with open(path, "rb") as handle:
            document = docx.Document(io.BytesIO(handle.read()))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds; the zip checks above name the problem
        problems.append(_error(path, 0, "python-docx cannot open this master", _FIX_MASTER))
        return
    missing = missing_styles(document.styles.element)
    if missing:
        listed = "; ".join(f'"{name}" (for {REQUIRED_STYLES[name]})' for name in missing)
        problems.append(_error(path, 0, f"the master lacks styles the documents use: {listed}",
                               "add them in Word (Home > Styles > Create a Style) with exactly these names, or "
                               + _FIX_MASTER))


def _paragraph_text(paragraph) -> tuple[str, list[str]]:
    texts = [t.text or "" for t in paragraph.iter(f"{{{W}}}t")]
    return "".join(texts), texts


def _where(name: str, number: int, text: str) -> str:
    part = "body" if name == "word/document.xml" else name[5:-4]
    return f"{part}, paragraph {number} (\"{_short(text, 60)}\")"


def _check_part(path: str, name: str, data: bytes, problems: list) -> None:
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        problems.append(_error(path, 0, f"{name} is not well-formed XML: {exc}", _FIX_MASTER))
        return
    paragraphs = list(root.iter(f"{{{W}}}p"))
    count_before = len(problems)
    open_tag = None  # (number, text) of a paragraph whose tag is not closed
    for number, paragraph in enumerate(paragraphs, start=1):
        text, pieces = _paragraph_text(paragraph)
        where = _where(name, number, text)
        if open_tag is None and _unclosed(text):
            open_tag = (number, text)
            problems.append(_error(path, 0, f"{where}: a tag is not closed in its paragraph; docxtpl would join "
                                   "the paragraphs and lose the break",
                                   "retype the whole tag in one paragraph, e.g. {{ org_name }}"))
        elif open_tag is not None and not _unclosed(text):
            open_tag = None
        for match in _TAG.finditer(text):
            tag = match.group(0)
            if any(ch in tag for ch in CURLY):
                if all(ch in DOCXTPL_STRAIGHTENS for ch in tag if ch in CURLY):
                    problems.append(_error(path, 0, f"{where}: curly quotes inside the tag {_short(tag)} (docxtpl "
                                           "straightens \u201c \u201d \u2018 \u2019 when building, so this works, "
                                           "but the tag is easy to misread)", _FIX_QUOTES, "warning"))
                else:
                    problems.append(_error(path, 0, f"{where}: curly quotes inside the tag {_short(tag)} "
                                           "(docxtpl cannot straighten \u201e \u201f \u2032 \u2033)", _FIX_QUOTES))
            if _runs_spanned(pieces, match.start(), match.end()) > 1:
                problems.append(_error(path, 0, f"{where}: the tag {_short(tag)} is split across "
                                       f"{_runs_spanned(pieces, match.start(), match.end())} pieces of text "
                                       "(Word formatting or spell-check marks inside it); docxtpl joins them, "
                                       "but formatting inside the tag is lost",
                                       "select the tag, clear its formatting and retype it in one go", "warning"))
        for special in _SPECIAL.finditer(text):
            _check_special(path, where, special, paragraph, text, problems)
    if len(problems) > count_before and any(p.severity == "error" for p in problems[count_before:]):
        return  # the Jinja check below would only repeat these
    _check_master_jinja(path, name, data.decode("utf-8", "replace"), problems)


def _unclosed(text: str) -> bool:
    stripped = _TAG.sub("", text)
    return "{{" in stripped or "{%" in stripped or "{#" in stripped


def _runs_spanned(pieces: list[str], start: int, end: int) -> int:
    at, spanned = 0, 0
    for piece in pieces:
        if piece and at < end and at + len(piece) > start:
            spanned += 1
        at += len(piece)
    return spanned


def _ancestor(element, tag: str):
    parent = element.getparent()
    while parent is not None and parent.tag != f"{{{W}}}{tag}":
        parent = parent.getparent()
    return parent


def _check_special(path, where, match, paragraph, text, problems) -> None:
    kind, expression = match.group(1), match.group(2)
    tag = match.group(0)
    scope = {"p": ("paragraph", paragraph), "tr": ("table row", _ancestor(paragraph, "tr")),
             "tc": ("table cell", _ancestor(paragraph, "tc")), "r": ("run", None)}[kind]
    if "%" in expression or "}" in expression:
        problems.append(_error(path, 0, f"{where}: '%' or '}}' inside {_short(tag)} breaks docxtpl's {{%{kind} %}} tags",
                               "move the calculation out of the tag, e.g. test a simpler value"))
    label, element = scope
    if kind in ("tr", "tc") and element is None:
        problems.append(_error(path, 0, f"{where}: {_short(tag)} is not inside a table",
                               f"put {{%{kind} ... %}} in its own {label} of a table, or use {{%p ... %}} for a paragraph"))
        return
    if element is not None:
        own = "".join(t.text or "" for t in element.iter(f"{{{W}}}t")).strip()
        if own != tag.strip():
            problems.append(_error(path, 0, f"{where}: {_short(tag)} must be alone in its {label}",
                                   f"put the tag in a {label} of its own, with nothing else in it"))


def _check_master_jinja(path: str, name: str, xml: str, problems: list) -> None:
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2 import meta

    from generator.docx.meta import CONTEXT_NAMES
    from generator.render.jinja_env import xml_env

    patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", DocxTemplate(None).patch_xml(xml))
    part = "body" if name == "word/document.xml" else name[5:-4]
    try:
        ast = xml_env().parse(patched)
    except jinja2.TemplateSyntaxError as exc:
        lines = patched.splitlines()
        around = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip() if exc.lineno and exc.lineno <= len(lines) else ""
        number = sum(1 for line in lines[: exc.lineno or 0] if line.startswith("<w:p"))
        problems.append(_error(path, 0, f"{part}, paragraph {number} (\"{_short(around, 60)}\"): broken tag: {exc.message}",
                               "each tag must be whole, e.g. {{ org_name }} or {%p if draft %}, with straight quotes"))
        return
    try:
        xml_env().from_string(ast)
        unknown = meta.find_undeclared_variables(ast) - CONTEXT_NAMES
    except (jinja2.TemplateSyntaxError, RecursionError):
        problems.append(_error(path, 0, f"the {part}'s tags are nested too deeply",
                               "split the deeply nested tags into simpler steps"))
        return
    if unknown:
        problems.append(_error(path, 0, f"the {part} uses unknown name(s): {', '.join(sorted(unknown))}",
                               "a master may use: " + ", ".join(sorted(CONTEXT_NAMES))))
    if name == "word/document.xml" and not re.search(r"\{\{\s*body\s*\}\}", patched):
        problems.append(_error(path, 0, "the body has no {{ body }} paragraph, so there is nowhere to put the text",
                               "type {{ body }} alone in an empty paragraph where the document's text should go"))


def format_report(report: Report) -> list[str]:
    lines = [problem.format() for problem in report.problems]
    lines.append(f"{report.folder}: {report.errors} error(s), {report.warnings} warning(s)")
    return lines
