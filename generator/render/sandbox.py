"""The sandboxed Jinja environment class: no files, no internals, bounded cost.

The code generator counts loop iterations and guards joined output; the
environment refuses unsafe attributes, checks operators and calls against
the budgets of ``generator.render.limits``, and turns ordinary Python errors
raised by template code into Jinja errors with the template's line.
"""

from __future__ import annotations

import functools
import sys
import types

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.errors import UserError
from generator.render.limits import (
    _OPERATORS,
    _STR_METHODS,
    MAX_CALL_DEPTH,
    MAX_OUTPUT_CHARS,
    MAX_RANGE,
    MAX_TEMPLATE_CHARS,
    MAX_TEMPLATE_TAGS,
    _binop,
    _budget,
    _Buffer,
    _check_format,
    _check_str_method,
    _refuse,
    _sized,
    _step,
    _wrap_filters,
)
from generator.render.weights import check, weighed


def _guarded(expr) -> bool:
    return (isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.EnvironmentAttribute)
            and expr.node.name == "policypack_guard_iter")


def _runtime(expr, frame) -> bool:
    """Whether ``expr`` is only known when the template runs (constants are
    folded while compiling, and their errors reported as syntax errors)."""
    try:
        expr.as_const(frame.eval_ctx)
    except nodes.Impossible:
        return True
    except Exception:  # noqa: BLE001 - folding fails: the compiler reports it with its line
        return False
    return False


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
        """``a ~ b``: each part is weighed before it is turned into text."""
        self.write("environment.policypack_sized(")
        original = node.nodes
        node.nodes = [self._weighing(part) if _runtime(part, frame) else part for part in original]
        try:
            super().visit_Concat(node, frame)
        finally:
            node.nodes = original
        self.write(")")

    def _weighing(self, expr):
        call = nodes.Call(nodes.EnvironmentAttribute("policypack_checked"), [expr], [], None, None, lineno=expr.lineno)
        call.set_environment(self.environment)
        return call

    def _literal(self, visit, node, frame):
        """Lists, tuples and dicts written in a template become weighed containers
        (see generator/render/weights.py): a value that doubles itself is refused
        while it is built, not when it is printed."""
        if getattr(node, "ctx", "load") != "load":  # an assignment target: {% set a, b = ... %}
            return visit(node, frame)
        self.write("environment.policypack_weighed(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node, frame):
        self._literal(super().visit_List, node, frame)

    def visit_Tuple(self, node, frame):
        self._literal(super().visit_Tuple, node, frame)

    def visit_Dict(self, node, frame):
        self._literal(super().visit_Dict, node, frame)

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
        self.finalize = self._weighing_finalize(self.finalize)

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
        """``'...'.format(...)``: the format string is checked when it is looked
        up, its arguments (how heavy, how often printed) when it is called."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text, is_map = value.__self__, value.__name__ == "format_map"
        _check_format(text)

        def checked(*args, **kwargs):
            mapping = args[0] if is_map and args and isinstance(args[0], dict) else None
            _check_format(text, *(mapping.values() if mapping is not None else args), **kwargs)
            return wrapped(*args, **kwargs)

        return checked

    @staticmethod
    @pass_context
    def policypack_guard_iter(context, iterable):
        """Every loop runs through this: it counts iterations against the budget."""
        for item in iterable:
            _step(context)
            yield item

    @staticmethod
    def _weighing_finalize(finalize):
        """``{{ value }}`` prints the value: weigh it first."""
        if finalize is None:
            return check

        @functools.wraps(finalize)
        def weighed_finalize(value):
            return finalize(check(value))

        return weighed_finalize

    @staticmethod
    def policypack_weighed(value):
        return weighed(value)

    @staticmethod
    def policypack_checked(value):
        return check(value, "'~' is given a value")

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
