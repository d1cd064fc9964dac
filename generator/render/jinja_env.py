"""THE Jinja environments of policypack — the only place they are made.

Both are sandboxed (a template from someone else cannot read files, call
unsafe methods or reach Python internals), use StrictUndefined (a missing
value is an error, never a blank) and autoescape (profile text is data):

- ``markdown_env`` renders content templates to Markdown.  Every printed
  value is escaped for Markdown: each ASCII punctuation character gets a
  backslash (CommonMark's escape), newlines become spaces.  So
  ``{{ 7*7 }}``, ``*bold*`` or ``<script>`` in a name print as written.
- ``xml_env`` renders the masters' header and footer tags through docxtpl,
  which needs XML escaping (Jinja's own HTML escaping is valid XML).

Templates may come from someone else (a local authority, a setting), so the
sandbox also bounds what one render may cost:

- no ``include`` / ``import`` / ``extends`` (no file is ever read);
- no mutation of lists and dicts (ImmutableSandboxedEnvironment), no
  underscored attributes (``__class__``, ``__globals__``), no ``lipsum``;
- ``*``, ``**``, ``+``, ``%``, ``/``, ``//``, ``~`` and the filters and string
  methods that multiply text (center, indent, wordwrap, format, join,
  replace, batch, slice, ljust, zfill, ...) refuse results larger than
  ``MAX_VALUE_CHARS`` characters or integers of more than ``MAX_INT_BITS`` bits;
- every loop iteration, call and operator counts against a per-render budget
  (``MAX_STEPS``) and a wall-clock budget (``MAX_RENDER_SECONDS``); macro calls
  may nest ``MAX_CALL_DEPTH`` deep.  The budget lives on the render's Jinja
  context, so it works in any thread or worker process, for ``render()``,
  ``generate()`` and macro calls alike;
- joined output (``render()``, ``{% set %}`` blocks, macro bodies) is capped at
  ``MAX_OUTPUT_CHARS``;
- a template source over ``MAX_TEMPLATE_CHARS`` characters or ``MAX_TEMPLATE_TAGS``
  tags is refused before compiling (a syntax error at line 1).

Each refusal is a ``TemplateLimit`` (a Jinja ``SecurityError``): callers that
handle ``jinja2.TemplateError`` report it; ``render_limited`` turns it into a
``TemplateProblem`` naming the template.  Ordinary Python errors raised by
template code (``{{ "a" - 1 }}``) become Jinja ``TemplateRuntimeError``s with
the template line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import sys
import time
import types
from functools import cache

from jinja2 import StrictUndefined, nodes, pass_context, pass_eval_context
from jinja2 import filters as jfilters
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from markupsafe import Markup

from generator.errors import TemplateProblem, UserError

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
MAX_OUTPUT_CHARS = 5_000_000
MAX_VALUE_CHARS = 1_000_000  # one string or list made by an operator, filter or method
MAX_INT_BITS = 10_000  # about 3,000 digits; Python refuses to print more than 4,300
MAX_STEPS = 2_000_000  # loop iterations + calls + operators in one render
MAX_BUFFERED_CHARS = 4 * MAX_OUTPUT_CHARS  # held in {% set %} blocks and macro bodies, in total
MAX_RENDER_SECONDS = 20.0
MAX_CALL_DEPTH = 60
MAX_RANGE = 100_000
MAX_TEMPLATE_CHARS = 2_000_000  # a policy section is under 10 kB, a master's document.xml under 100 kB
MAX_TEMPLATE_TAGS = 10_000  # compiling costs memory per tag: 600,000 tags took 8 GB
_CHECK_EVERY = 1024  # steps between clock readings


class TemplateLimit(SecurityError):
    """A template asked for more than one render may cost, or for something unsafe."""


class MissingValue(TemplateRuntimeError):
    """A template printed ``none`` (an optional value the profile does not have)."""


def md_escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split("\n")).replace("\r", " "))

def _md_finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        raise MissingValue("a template printed a value that the profile does not have (none)")
    if isinstance(value, dt.date):
        value = longdate(value)
    return Markup(md_escape(str(value)))


def longdate(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def names(people) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    listed = [str(p.name if hasattr(p, "name") else p) for p in people]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


# -- budgets ----------------------------------------------------------------

def _refuse(message: str):
    raise TemplateLimit(message)


def _budget(context) -> list:
    """``[steps, deadline, call depth, buffered chars]`` of the render that owns ``context``."""
    state = getattr(context, "_policypack_budget", None)
    if state is None:
        state = [0, time.monotonic() + MAX_RENDER_SECONDS, 0, 0]  # steps, deadline, call depth, buffered chars
        try:
            context._policypack_budget = state
        except AttributeError:  # pragma: no cover - a context without __dict__
            pass
    return state


def _step(context, count: int = 1) -> None:
    state = _budget(context)
    before = state[0]
    state[0] += count
    if state[0] > MAX_STEPS:
        _refuse(f"the template does more than {MAX_STEPS:,} steps (loop iterations, calls, operators); "
                "it looks like a runaway loop")
    if before // _CHECK_EVERY != state[0] // _CHECK_EVERY and time.monotonic() > state[1]:
        _refuse(f"the template took more than {MAX_RENDER_SECONDS:g} seconds to render; it looks like a runaway loop")


class _Buffer(list):
    """A template's output buffer that refuses to hold too much in total."""

    __slots__ = ("_state",)

    def __init__(self, state: list):
        super().__init__()
        self._state = state

    def append(self, item) -> None:
        self._count(len(item) if isinstance(item, str) else 1)
        super().append(item)

    def extend(self, items) -> None:
        items = list(items)
        self._count(sum(len(item) if isinstance(item, str) else 1 for item in items))
        super().extend(items)

    def _count(self, size: int) -> None:
        self._state[3] += size
        if self._state[3] > MAX_BUFFERED_CHARS:
            _refuse(f"the template builds more than {MAX_BUFFERED_CHARS:,} characters of text in memory; "
                    "check it for a runaway loop")


def _sized(value):
    if isinstance(value, (str, list, tuple, bytes)) and len(value) > MAX_VALUE_CHARS:
        _refuse(f"the template makes a value of {len(value):,} items or characters "
                f"(at most {MAX_VALUE_CHARS:,})")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        _refuse(f"the template makes a number of more than {MAX_INT_BITS:,} bits")
    return value


def _size_of(value) -> int:
    try:
        return len(value)
    except TypeError:
        return 1


_BIG_FORMAT = re.compile(r"(\d{5,}|\*)")  # a width or precision of 10,000+ (or taken from the arguments)
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")  # "{:>{w}}": the width comes from the arguments


def _check_format(fmt) -> None:
    if isinstance(fmt, str):
        specs = re.findall(r"%(?:\([^)]*\))?[^a-zA-Z%]*[a-zA-Z%]|\{[^{}]*\}", fmt)
        if any(_BIG_FORMAT.search(spec) for spec in specs) or _NESTED_FIELD.search(fmt.replace("{{", "").replace("}}", "")):
            _refuse("the template formats a value with a huge width or precision, or one taken from the arguments")


def _binop(operator_: str, left, right):
    sequence = (str, bytes, list, tuple)
    if operator_ == "*":
        if isinstance(left, sequence) and isinstance(right, int):
            if len(left) * max(right, 0) > MAX_VALUE_CHARS:
                _refuse(f"'*' would make {len(left) * right:,} items or characters (at most {MAX_VALUE_CHARS:,})")
        elif isinstance(right, sequence) and isinstance(left, int):
            if len(right) * max(left, 0) > MAX_VALUE_CHARS:
                _refuse(f"'*' would make {len(right) * left:,} items or characters (at most {MAX_VALUE_CHARS:,})")
        elif isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            _refuse(f"'*' would make a number of more than {MAX_INT_BITS:,} bits")
    elif operator_ == "**":
        if (isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
                and left.bit_length() * right > MAX_INT_BITS):
            _refuse(f"'**' would make a number of more than {MAX_INT_BITS:,} bits")
    elif operator_ == "+":
        if isinstance(left, sequence) and isinstance(right, sequence) and len(left) + len(right) > MAX_VALUE_CHARS:
            _refuse(f"'+' would make {len(left) + len(right):,} items or characters (at most {MAX_VALUE_CHARS:,})")
    elif operator_ == "%" and isinstance(left, str):
        _check_format(left)
    try:
        return _sized(_OPERATORS[operator_](left, right))
    except ZeroDivisionError:
        _refuse(f"the template divides by zero ('{operator_}')")
    except OverflowError:
        _refuse(f"'{operator_}' gives a number too large to use")


_OPERATORS = {"*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod,
              "/": operator.truediv, "//": operator.floordiv, "-": operator.sub}

# str methods that can multiply text, checked before they run
_STR_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "format", "format_map"}


def _check_str_method(name: str, text: str, args: tuple, kwargs: dict):
    if name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        if isinstance(width, int) and width > MAX_VALUE_CHARS:
            _refuse(f"{name}({width:,}) would make a string longer than {MAX_VALUE_CHARS:,} characters")
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and size * (text.count("\t") + 1) > MAX_VALUE_CHARS:
            _refuse(f"expandtabs({size:,}) would make a string longer than {MAX_VALUE_CHARS:,} characters")
    elif name == "replace" and len(args) >= 2:
        _check_replace(text, args[0], args[1])
    elif name == "join" and args:
        items = list(args[0]) if not isinstance(args[0], (list, tuple)) else args[0]
        _check_join(text, items)
        return (items,) + tuple(args[1:])
    elif name in ("format", "format_map"):
        _check_format(text)
    return args


def _check_replace(text, old, new) -> None:
    if not isinstance(old, str) or not isinstance(new, str) or len(new) <= len(old):
        return
    estimate = len(text) + (len(text) + 1) * len(new) if not old else len(text) + (len(text) // len(old)) * len(new)
    if estimate > MAX_VALUE_CHARS:
        _refuse(f"replace() could make a string of {estimate:,} characters (at most {MAX_VALUE_CHARS:,})")


def _check_join(separator, items) -> None:
    if len(items) > MAX_VALUE_CHARS:
        _refuse(f"join() of {len(items):,} items (at most {MAX_VALUE_CHARS:,})")
    total = len(str(separator)) * max(len(items) - 1, 0) + sum(_size_of(item) if isinstance(item, str) else 16
                                                                for item in items)
    if total > MAX_VALUE_CHARS:
        _refuse(f"join() would make about {total:,} characters (at most {MAX_VALUE_CHARS:,})")


# -- filters that multiply their input, wrapped --------------------------------

def _wrap_filters(filters: dict) -> None:
    center, indent, wordwrap, fmt = filters["center"], filters["indent"], filters["wordwrap"], filters["format"]
    replace, batch = filters["replace"], filters["batch"]

    def checked_center(value, width=80):
        if isinstance(width, int) and width > MAX_VALUE_CHARS:
            _refuse(f"center({width:,}) would make a string longer than {MAX_VALUE_CHARS:,} characters")
        return center(value, width)

    def checked_indent(value, width=4, first=False, blank=False):
        lines = str(value).count("\n") + 1
        per_line = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        if per_line * lines > MAX_VALUE_CHARS:
            _refuse(f"indent() would make a string longer than {MAX_VALUE_CHARS:,} characters")
        return indent(value, width, first, blank)

    @pass_eval_context
    def checked_wordwrap(eval_ctx, s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
        if isinstance(width, int) and width < 1:
            _refuse("wordwrap() needs a width of at least 1")
        extra = len(wrapstring) if isinstance(wrapstring, str) else 1
        if len(str(s)) * extra // max(width if isinstance(width, int) else 1, 1) > MAX_VALUE_CHARS:
            _refuse(f"wordwrap() would make a string longer than {MAX_VALUE_CHARS:,} characters")
        return wordwrap(eval_ctx, s, width, break_long_words, wrapstring, break_on_hyphens)

    def checked_format(value, *args, **kwargs):
        _check_format(str(value))
        return _sized(fmt(value, *args, **kwargs))

    @pass_eval_context
    def checked_replace(eval_ctx, s, old, new, count=None):
        _check_replace(str(s), str(old), str(new))
        return replace(eval_ctx, s, old, new, count)

    @pass_eval_context
    def checked_join(eval_ctx, value, d="", attribute=None):
        items = list(value) if not isinstance(value, (list, tuple)) else value
        if attribute is None:
            _check_join(d, items)
        elif len(items) * (len(str(d)) + 1) > MAX_VALUE_CHARS:
            _refuse(f"join() of {len(items):,} items (at most {MAX_VALUE_CHARS:,})")
        return _sized(jfilters.sync_do_join(eval_ctx, items, d, attribute))

    def checked_batch(value, linecount, fill_with=None):
        if isinstance(linecount, int) and linecount > MAX_VALUE_CHARS:
            _refuse(f"batch({linecount:,}) is too large")
        return batch(value, linecount, fill_with)

    @jfilters.pass_environment
    def checked_slice(environment, value, slices, fill_with=None):
        if isinstance(slices, int) and slices > MAX_VALUE_CHARS:
            _refuse(f"slice({slices:,}) is too large")
        return jfilters.sync_do_slice(value, slices, fill_with)

    @jfilters.pass_environment
    def checked_sum(environment, iterable, attribute=None, start=0):
        items = list(iterable)
        if not isinstance(start, (int, float)) or any(not isinstance(i, (int, float)) for i in items if attribute is None):
            total = _size_of(start) + sum(_size_of(i) for i in items)
            if total > MAX_VALUE_CHARS:
                _refuse(f"sum() would make {total:,} items (at most {MAX_VALUE_CHARS:,})")
        return _sized(jfilters.sync_do_sum(environment, items, attribute, start))

    filters.update(center=checked_center, indent=checked_indent, wordwrap=checked_wordwrap, format=checked_format,
                   replace=checked_replace, join=checked_join, batch=checked_batch, slice=checked_slice,
                   sum=checked_sum)


# -- the code generator: guard loops and "~", refuse file access ---------------

def _guarded(expr) -> bool:
    return (isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.EnvironmentAttribute)
            and expr.node.name == "policypack_guard_iter")


class _GuardedCodeGenerator(CodeGenerator):
    def visit(self, node, *args, **kwargs):
        # Jinja folds constant expressions while compiling; with StrictUndefined, "{{ 'x'.nmae }}" or
        # "{{ 'a' ~ 'x'.nmae }}" then raises UndefinedError from the compiler: a syntax error with its line.
        try:
            return super().visit(node, *args, **kwargs)
        except (UndefinedError, SecurityError) as exc:
            self.fail(f"{exc.message} (in a value written in the template)", getattr(node, "lineno", 1) or 1)

    def visit_For(self, node, frame):
        if _guarded(node.iter):
            return super().visit_For(node, frame)
        original = node.iter
        call = nodes.Call(nodes.EnvironmentAttribute("policypack_guard_iter"), [original], [], None, None,
                          lineno=original.lineno)
        call.set_environment(self.environment)
        node.iter = call
        try:
            super().visit_For(node, frame)
        finally:
            node.iter = original  # the caller's tree is left as it was (masters keep theirs)

    def visit_Concat(self, node, frame):
        self.write("environment.policypack_sized(")
        super().visit_Concat(node, frame)
        self.write(")")

    def buffer(self, frame):
        """Buffers (``{% set %}`` blocks, macro bodies, filter blocks) count
        what they hold against the render's budget."""
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.policypack_buffer(context)")

    def _no_files(self, node, frame):
        self.fail("a template may not include, import or extend other files", node.lineno)

    visit_Extends = visit_Include = visit_Import = visit_FromImport = _no_files


def _template_line(tb) -> int | None:
    line = None
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:  # compiled template code: map the Python line to the template's
            line = template.get_corresponding_lineno(tb.tb_lineno)
        elif "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja already rewrote to the template's line
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_TEMPLATE_FAULTS = (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, RuntimeError,  # incl. RecursionError
                    AssertionError)  # Jinja filters assert their arguments (truncate(1))


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox: no file access, no mutation, no underscored attributes,
    and a bounded cost per render (see the module's docstring)."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset(_OPERATORS)

    def __init__(self, **options):
        super().__init__(**options)
        self._safe_attributes: dict = {}  # (type, attribute) -> bool
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        _wrap_filters(self.filters)

    @staticmethod
    def _range(*args):
        try:
            numbers = range(*args)
            length = (numbers.stop - numbers.start + numbers.step + (-1 if numbers.step > 0 else 1)) // numbers.step
        except (TypeError, ValueError) as exc:
            _refuse(f"range{args}: {exc}")
        if length > MAX_RANGE:
            _refuse(f"range() of {length:,} numbers (at most {MAX_RANGE:,})")
        return numbers

    def _parse(self, source, name, filename):
        """Refuse templates too big to compile safely, before the lexer sees them."""
        tags = source.count("{{") + source.count("{%")
        if len(source) > MAX_TEMPLATE_CHARS or tags > MAX_TEMPLATE_TAGS:
            raise TemplateSyntaxError(f"the template is too big to compile ({len(source):,} characters, {tags:,} tags; "
                                      f"at most {MAX_TEMPLATE_CHARS:,} and {MAX_TEMPLATE_TAGS:,})", 1, name, filename)
        try:
            return super()._parse(source, name, filename)
        except RecursionError:
            raise TemplateSyntaxError("the template is nested too deeply (brackets or blocks)", 1, name, filename) from None

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Deep nesting that the parser accepted can still break code generation or Python's own
        compiler ("too many statically nested blocks"): a template syntax error, not a crash.

        The code of a plain ``from_string`` template is kept on disk between
        runs (generator/render/code_cache.py): compiling is a quarter of a build."""
        def fresh():
            return super(_Sandbox, self).compile(source, name, filename, raw, defer_init)

        try:
            if raw or defer_init or name is not None or not isinstance(source, str):
                return fresh()
            from generator.render.code_cache import compile_cached

            return compile_cached(self, source, fresh)
        except (RecursionError, SyntaxError) as exc:
            reason = "brackets or blocks" if isinstance(exc, RecursionError) else exc.msg
            raise TemplateSyntaxError(f"the template is nested too deeply ({reason})", 1, name, filename) from None

    def is_safe_attribute(self, obj, attr, value):
        """Jinja's checks (underscores, internals, mutating methods) depend only on
        the object's type and the attribute's name: remember them (hot path)."""
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            if len(self._safe_attributes) > 10_000:
                self._safe_attributes.clear()
            safe = self._safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call_binop(self, context, operator_, left, right):
        _step(context)
        return _binop(operator_, left, right)

    def call(self, context, obj, /, *args, **kwargs):
        _step(context)
        if isinstance(obj, (types.BuiltinMethodType, types.MethodType)) and isinstance(
                getattr(obj, "__self__", None), str) and obj.__name__ in _STR_METHODS:
            args = _check_str_method(obj.__name__, obj.__self__, args, kwargs)
        state = _budget(context)
        state[2] += 1
        try:
            if state[2] > MAX_CALL_DEPTH:
                _refuse(f"calls nest more than {MAX_CALL_DEPTH} deep; a macro probably calls itself")
            return _sized(super().call(context, obj, *args, **kwargs))
        finally:
            state[2] -= 1

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    @staticmethod
    @pass_context
    def policypack_guard_iter(context, iterable):
        """Every loop runs through this: it counts iterations against the budget."""
        for item in iterable:
            _step(context)
            yield item

    @staticmethod
    def policypack_buffer(context):
        return _Buffer(_budget(context))

    @staticmethod
    def policypack_sized(value):
        return _sized(value)

    @staticmethod
    def concat(parts) -> str:
        """``"".join`` with the output cap (``render()``, set blocks, macro bodies)."""
        kept, total = [], 0
        for part in parts:
            total += len(part)
            if total > MAX_OUTPUT_CHARS:
                _refuse(f"the template renders more than {MAX_OUTPUT_CHARS:,} characters; check it for a runaway loop")
            kept.append(part)
        return "".join(kept)

    def handle_exception(self, source=None):
        exc = sys.exc_info()[1]
        if isinstance(exc, _TEMPLATE_FAULTS) and not isinstance(exc, (TemplateError, UserError)):
            line = _template_line(exc.__traceback__)
            where = f"line {line}: " if line else ""
            message = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            raise TemplateRuntimeError(f"{where}the template failed: {message}") from None
        return super().handle_exception(source)


def _common(env: SandboxedEnvironment) -> SandboxedEnvironment:
    env.filters["longdate"] = longdate
    env.filters["names"] = names
    return env


@cache
def markdown_env() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, finalize=_md_finalize,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return _common(env)


@cache
def xml_env() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined)
    return _common(env)


def render_limited(template, context: dict, where: str) -> str:
    """Render with a cap on the output size, so a hostile template cannot
    fill the memory; every refusal of the sandbox becomes a TemplateProblem
    that names ``where``."""
    chunks, total = [], 0
    try:
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateProblem(f"{where} renders more than {MAX_OUTPUT_CHARS:,} characters",
                                      "check the template for a runaway loop")
            chunks.append(chunk)
    except MissingValue as exc:
        line = _template_line(exc.__traceback__)
        raise TemplateProblem(f"{where}:{line}: {exc}" if line else f"{where}: {exc}",
                              "guard optional values with {% if ... %} in the template") from None
    except SecurityError as exc:
        raise TemplateProblem(f"{where}: unsafe template code refused: {exc}",
                              "templates may only print profile values, with small loops") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"{where}: {exc.message}", "use only values the profile provides (docs/architecture.md)") from None
    except TemplateRuntimeError as exc:
        raise TemplateProblem(f"{where}: {exc}", "fix the template") from None
    return "".join(chunks)


__all__ = ["TemplateLimit", "longdate", "markdown_env", "md_escape", "names", "nodes", "render_limited", "xml_env"]
