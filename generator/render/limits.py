"""What one render may cost: the sandbox's budgets and size checks.

Every loop iteration, call and operator counts against a step budget and a
wall-clock budget kept on the render's Jinja context; operators, filters and
string methods that multiply text or numbers are checked before they build
their result.  Each refusal is a ``TemplateLimit``.  (The environment that
applies these is ``generator.render.sandbox``.)
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import operator
import re
import time

from jinja2 import filters as jfilters
from jinja2 import pass_eval_context

from generator.render.weights import MAX_VALUE_CHARS, TemplateLimit, check, measure, total_weight

MAX_OUTPUT_CHARS = 5_000_000
MAX_INT_BITS = 10_000  # about 3,000 digits; Python refuses to print more than 4,300
MAX_STEPS = 2_000_000  # loop iterations + calls + operators in one render
MAX_BUFFERED_CHARS = 4 * MAX_OUTPUT_CHARS  # held in {% set %} blocks and macro bodies, in total
MAX_RENDER_SECONDS = 10.0  # one template
MAX_DOCUMENT_SECONDS = 20.0  # every template of one document (a policy's sections), together
MAX_CALL_DEPTH = 60
MAX_RANGE = 100_000
MAX_TEMPLATE_CHARS = 2_000_000  # a policy section is under 10 kB, a master's document.xml under 100 kB
MAX_TEMPLATE_TAGS = 10_000  # compiling costs memory per tag: 600,000 tags took 8 GB
_CHECK_EVERY = 64  # steps between clock readings (one step may cost a few milliseconds)
MAX_TOJSON_INDENT = 16

# the wall-clock deadline of the document being rendered (see document_budget)
_document_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("policypack_document_deadline",
                                                                                  default=None)


@contextlib.contextmanager
def document_budget(seconds: float = MAX_DOCUMENT_SECONDS):
    """Every render inside shares one wall-clock budget: a document made of
    many templates cannot take many times one template's budget."""
    token = _document_deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _document_deadline.reset(token)


# -- budgets ----------------------------------------------------------------

def _refuse(message: str):
    raise TemplateLimit(message)


def _budget(context) -> list:
    """``[steps, deadline, call depth, buffered chars, why]`` of the render that owns ``context``."""
    state = getattr(context, "_policypack_budget", None)
    if state is None:
        deadline, document = time.monotonic() + MAX_RENDER_SECONDS, _document_deadline.get()
        late = f"the template took more than {MAX_RENDER_SECONDS:g} seconds to render"
        if document is not None and document < deadline:
            deadline, late = document, (f"the document's templates took more than {MAX_DOCUMENT_SECONDS:g} seconds "
                                        "to render together")
        state = [0, deadline, 0, 0, late]  # steps, deadline, call depth, buffered chars, why the deadline
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
        _refuse(f"{state[4]}; it looks like a runaway loop")


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
    if isinstance(value, (list, tuple, dict)):
        check(value)
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


def _check_format(fmt, *args, **kwargs) -> None:
    """Refuse a format string with huge or argument-given widths, and one whose
    fields would print its arguments (each perhaps many times) too long."""
    if isinstance(fmt, str):
        specs = re.findall(r"%(?:\([^)]*\))?[^a-zA-Z%]*[a-zA-Z%]|\{[^{}]*\}", fmt)
        if any(_BIG_FORMAT.search(spec) for spec in specs) or _NESTED_FIELD.search(fmt.replace("{{", "").replace("}}", "")):
            _refuse("the template formats a value with a huge width or precision, or one taken from the arguments")
        values = [*args, *kwargs.values()]
        if values and specs:
            heaviest = max(_printed_weight(value) for value in values)
            if len(fmt) + len(specs) * heaviest > MAX_VALUE_CHARS:
                _refuse(f"formatting would make more than {MAX_VALUE_CHARS:,} characters")


def _printed_weight(value) -> int:
    """The weight of a format argument; a tuple or dict after '%' is its items."""
    if isinstance(value, (tuple, dict)):
        items = value.values() if isinstance(value, dict) else value
        return max((measure(item)[0] for item in items), default=0)
    return measure(value)[0]


def _binop(operator_: str, left, right):
    sequence = (str, bytes, list, tuple)
    if operator_ == "*":
        if isinstance(left, sequence) and isinstance(right, int):
            if len(left) * max(right, 0) > MAX_VALUE_CHARS:
                _refuse(f"'*' would make {len(left) * right:,} items or characters (at most {MAX_VALUE_CHARS:,})")
            if isinstance(left, (list, tuple)) and measure(left)[0] * max(right, 0) > MAX_VALUE_CHARS:
                _refuse(f"'*' would make a value of more than {MAX_VALUE_CHARS:,} characters when printed")
        elif isinstance(right, sequence) and isinstance(left, int):
            if len(right) * max(left, 0) > MAX_VALUE_CHARS:
                _refuse(f"'*' would make {len(right) * left:,} items or characters (at most {MAX_VALUE_CHARS:,})")
            if isinstance(right, (list, tuple)) and measure(right)[0] * max(left, 0) > MAX_VALUE_CHARS:
                _refuse(f"'*' would make a value of more than {MAX_VALUE_CHARS:,} characters when printed")
        elif isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            _refuse(f"'*' would make a number of more than {MAX_INT_BITS:,} bits")
    elif operator_ == "**":
        if (isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
                and left.bit_length() * right > MAX_INT_BITS):
            _refuse(f"'**' would make a number of more than {MAX_INT_BITS:,} bits")
    elif operator_ == "+":
        if isinstance(left, sequence) and isinstance(right, sequence) and len(left) + len(right) > MAX_VALUE_CHARS:
            _refuse(f"'+' would make {len(left) + len(right):,} items or characters (at most {MAX_VALUE_CHARS:,})")
        if isinstance(left, (list, tuple)) and total_weight(left, right) > MAX_VALUE_CHARS:
            _refuse(f"'+' would make a value of more than {MAX_VALUE_CHARS:,} characters when printed")
    elif operator_ == "%" and isinstance(left, str):
        _check_format(left, right)
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
    elif name == "format":
        _check_format(text, *args, **kwargs)
    elif name == "format_map":
        _check_format(text, *(args[0].values() if args and isinstance(args[0], dict) else args))
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
    total = len(str(separator)) * max(len(items) - 1, 0) + sum(measure(item)[0] for item in items)
    if total > MAX_VALUE_CHARS:
        _refuse(f"join() would make about {total:,} characters (at most {MAX_VALUE_CHARS:,})")


# -- filters that multiply their input, wrapped --------------------------------

def _wrap_filters(filters: dict) -> None:
    center, indent, wordwrap, fmt = filters["center"], filters["indent"], filters["wordwrap"], filters["format"]
    replace, batch, tojson = filters["replace"], filters["batch"], filters["tojson"]

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
        return wordwrap(eval_ctx.environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def checked_format(value, *args, **kwargs):
        _check_format(str(value), *args, **kwargs)
        return _sized(fmt(value, *args, **kwargs))

    @pass_eval_context
    def checked_tojson(eval_ctx, value, indent=None):
        if indent is not None and (not isinstance(indent, int) or not 0 <= indent <= MAX_TOJSON_INDENT):
            _refuse(f"tojson(indent=...) takes a number from 0 to {MAX_TOJSON_INDENT}")
        return tojson(eval_ctx, value, indent)

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
                   sum=checked_sum, tojson=checked_tojson)
    for name, function in filters.items():
        filters[name] = _weighing(function)


def _weighing(function):
    """A filter that first weighs what it is given: ``string``, ``tojson``,
    ``pprint``, ``e``, ``upper``... print their input, and a doubled list
    would print for minutes inside one call."""
    @functools.wraps(function)  # keeps Jinja's pass_context / pass_eval_context mark
    def weighed_filter(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            check(value, "a filter is given a value")
        return function(*args, **kwargs)

    return weighed_filter


# -- the code generator: guard loops and "~", refuse file access ---------------
