"""How big a value a template made would be once printed: its *weight*.

A template can build values that are small in memory but enormous when
printed, because lists share their items: ``{% set ns.x = [ns.x, ns.x] %}``
thirty times is thirty small lists, yet ``ns.x | tojson`` (or ``string``,
``pprint``, ``join``, ``format``, ``~``) would write 2^30 items, for minutes
and gigabytes, inside one C call that no budget can interrupt.  So every
list, tuple and dict a template writes is made a *weighed* container that
knows, from its items, how many characters it would print as and how deeply
it nests; the sandbox refuses a value heavier than ``MAX_VALUE_CHARS`` or
deeper than ``MAX_VALUE_DEPTH`` while it is being built, and checks the
weight of what goes into every filter, operator, method and print.

A weight overestimates the printed length (quotes, commas and escapes
included, up to a small factor), so the refusal comes before the work.
Containers the template did not write (from filters, or the profile) are
weighed by walking them once, counting shared items each time they appear.
"""

from __future__ import annotations

import datetime as dt

from jinja2.exceptions import SecurityError
from jinja2.utils import Cycler, Joiner, Namespace

MAX_VALUE_CHARS = 1_000_000  # one string or list made by an operator, filter or method
MAX_VALUE_DEPTH = 64  # lists inside lists that a template builds
OPAQUE_WEIGHT = 256  # a profile object (a Person, a Contact...) printed with its fields


class TemplateLimit(SecurityError):
    """A template asked for more than one render may cost, or for something unsafe."""


class WeighedList(list):
    """A list written in a template (``[a, b]``), with its weight and depth."""


class WeighedTuple(tuple):
    """A tuple written in a template (``(a, b)``), with its weight and depth."""


class WeighedDict(dict):
    """A dict written in a template (``{'a': b}``), with its weight and depth."""


_WEIGHED = (WeighedList, WeighedTuple, WeighedDict)
_CONTAINERS = (list, tuple, dict, set, frozenset)


def _scalar_weight(value) -> int | None:
    """The weight of a value that holds no other values, or None for a container."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, float):
        return 24
    if isinstance(value, (bytes, bytearray)):
        return 4 * len(value) + 3
    if isinstance(value, (dt.date, dt.time, range)):
        return 32
    if isinstance(value, _CONTAINERS) or isinstance(value, (Namespace, Cycler, Joiner)):
        return None
    return OPAQUE_WEIGHT


def _children(value):
    if isinstance(value, dict):
        return [item for pair in value.items() for item in pair]
    if isinstance(value, Namespace):
        return [item for pair in object.__getattribute__(value, "_Namespace__attrs").items() for item in pair]
    if isinstance(value, Cycler):
        return list(value.items)
    if isinstance(value, Joiner):
        return [value.sep]
    return list(value)


def measure(value, limit: int = MAX_VALUE_CHARS) -> tuple[int, int]:
    """``(weight, depth)`` of ``value``; stops counting once the weight passes
    ``limit`` (the result is then just over it).  Weighed containers answer at
    once; others are walked, each distinct one once (shared items counted
    every time they appear, as printing would)."""
    scalar = _scalar_weight(value)
    if scalar is not None:
        return scalar, 0
    if isinstance(value, _WEIGHED):
        return value._weight, value._depth
    known: dict[int, tuple[int, int]] = {}
    return _walk(value, limit, known, 0)


def _walk(value, limit: int, known: dict, level: int) -> tuple[int, int]:
    if level > MAX_VALUE_DEPTH:
        raise TemplateLimit(f"the template makes a value nested more than {MAX_VALUE_DEPTH} deep")
    total, depth = 2, 0
    for item in _children(value):
        scalar = _scalar_weight(item)
        if scalar is not None:
            weight, inner = scalar, 0
        elif isinstance(item, _WEIGHED):
            weight, inner = item._weight, item._depth
        elif id(item) in known:
            weight, inner = known[id(item)]
        else:
            weight, inner = known[id(item)] = _walk(item, limit, known, level + 1)
        total += weight + 4  # quotes, comma and space
        depth = max(depth, inner + 1)
        if total > limit:
            break
    return total, depth


def check(value, what: str = "the template makes a value"):
    """``value`` itself, or a ``TemplateLimit`` if it weighs too much or nests too deeply."""
    weight, depth = measure(value)
    if weight > MAX_VALUE_CHARS:
        raise TemplateLimit(f"{what} of more than {MAX_VALUE_CHARS:,} characters when printed "
                          f"(about {weight:,} counted so far)")
    if depth > MAX_VALUE_DEPTH:
        raise TemplateLimit(f"{what} nested more than {MAX_VALUE_DEPTH} deep")
    return value


def weighed(value):
    """A list, tuple or dict a template just wrote, as a weighed container
    (refused if too heavy or deep)."""
    weight, depth = measure(value)
    kind = WeighedList if isinstance(value, list) else WeighedTuple if isinstance(value, tuple) else WeighedDict
    if weight > MAX_VALUE_CHARS:
        raise TemplateLimit(f"the template makes a {kind.__mro__[1].__name__} of more than {MAX_VALUE_CHARS:,} "
                          f"characters when printed (it doubles itself, or holds very long text)")
    if depth > MAX_VALUE_DEPTH:
        raise TemplateLimit(f"the template makes a value nested more than {MAX_VALUE_DEPTH} deep")
    result = kind(value)
    result._weight, result._depth = weight, depth
    return result


def total_weight(*values) -> int:
    """The summed weight of ``values``, stopping just past the limit."""
    total = 0
    for value in values:
        total += measure(value)[0]
        if total > MAX_VALUE_CHARS:
            break
    return total
