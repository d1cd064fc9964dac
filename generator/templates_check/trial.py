"""A trial render of a content template, to find what the sandbox would refuse.

Names and syntax are checked without rendering; a template that doubles a
list thirty times, or loops for minutes, is only found by running it.  So
each content template is rendered once, in the same sandbox a build uses
(same budgets), with stand-in values for every name: any attribute of a
stand-in is another stand-in, it prints as a short word, and loops over it
run once.  Only the sandbox's refusals (too big, too long, too deep) are
reported; anything else the stand-ins trip over is left to the other checks.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from generator.render.limits import TemplateLimit


class _StandIn:
    """Any value a template may ask for."""

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return _StandIn()

    def __getitem__(self, key):
        return _StandIn()

    def __call__(self, *args, **kwargs):
        return Markup("sample")

    def __iter__(self):
        yield _StandIn()

    def __len__(self) -> int:
        return 1

    def __str__(self) -> str:
        return "sample"


def sandbox_refusal(source: str, names) -> tuple[int, str] | None:
    """``(line, message)`` if rendering ``source`` with stand-ins for ``names``
    is refused by the sandbox, else None."""
    from generator.render.jinja_env import markdown_env
    from generator.render.sandbox import _template_line

    context = {name: _StandIn() for name in names}
    try:
        for _ in markdown_env().from_string(source).generate(context):
            pass
    except TemplateLimit as exc:
        return _template_line(exc.__traceback__) or 1, str(exc)
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError,
            RuntimeError, AssertionError):  # the stand-ins are not real values: not this check's business
        return None
    return None
