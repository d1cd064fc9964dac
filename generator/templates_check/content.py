"""Content templates (Markdown + Jinja): front matter, prompts, syntax, names and attributes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import types
import typing
from dataclasses import dataclass

from generator.errors import TemplateProblem
from generator.render.context import CONTEXT_NAMES
from generator.templates_check.common import (
    _FIX_QUOTES,
    _curly_in_tags,
    _error,
    _line_of,
    _load_yaml,
    _read_text,
    _short,
    _straighten,
    _TooDeep,
)
from generator.templates_check.trial import sandbox_refusal

# What each kind of content template gets besides the shared context
# (generator/render/context.py CONTEXT_NAMES).
BASE_NAMES = CONTEXT_NAMES | {"answer"}  # "answer" comes from generator/render/content.py
JINJA_GLOBALS = frozenset({"range", "dict", "namespace", "cycler", "joiner"})
EXTRA_NAMES = {
    "addendum": frozenset({"levels", "level", "scheme", "counted", "closure_tasks"}),  # generator/documents/addendum.py
    "policy": frozenset({"flowchart_steps"}),  # generator/documents/policy.py
    "letters": frozenset({"family", "blank"}),  # generator/documents/letters.py
    "handbook": frozenset({"forms", "letters", "history", "documents", "concern_form"}),  # generator/handbook/pages.py
}
CONTENT_FOLDERS = ("policy", "addendum", "letters", "handbook")


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
        refusal = None if file_tags else sandbox_refusal(source, names - JINJA_GLOBALS)
        if refusal:
            problems.append(_error(path, refusal[0], f"a build would refuse this template: {refusal[1]}",
                                   "templates print profile values with small loops: remove the loop, list or "
                                   "text that keeps growing"))
    except (jinja2.TemplateSyntaxError, RecursionError) as exc:
        message = exc.message if isinstance(exc, jinja2.TemplateSyntaxError) else "the template is nested too deeply"
        problems.append(_error(path, getattr(exc, "lineno", 0) or 1, f"template syntax error: {message}",
                               "split the deeply nested expression or blocks into simpler steps"))


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
    from generator.store.entries import Approval
    from generator.render.routes import Routes

    types_ = {
        "org": model.Organisation, "people": model.People, "contacts": model.Contacts, "systems": model.Systems,
        "guidance": model.Guidance, "closure": model.Closure, "today": dt.date, "audience": str,
        "review": Record("review", (("last_reviewed", dt.date), ("next_review", dt.date), ("approved_by", str),
                                    ("owner", model.Person), ("cycle_months", int),
                                    # documents/base.py BuildInputs.document_control
                                    ("approval", Approval), ("last_approval", Approval), ("version", int),
                                    ("state", str))),
        "letters": Record("letters", (("signatory", model.Person),)),
        "routes": Routes,
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
