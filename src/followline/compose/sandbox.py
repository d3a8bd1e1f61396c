"""A Jinja2 sandbox with a budget: a user's template can neither hang nor bloat the process.

Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` keeps a template away from Python's
internals, but not from spending: ``{{ 9 ** (2 * 9 ** 7) }}`` is one big-integer operation
that holds the interpreter lock for seconds (every other request of the site waits),
``{{ "x" * 10**9 }}`` asks for a gigabyte, and two nested loops over ``range(100000)`` run
for hours. :class:`BudgetedEnvironment` bounds each of these:

* **arithmetic**: ``**``, ``*``, ``+``, ``%``, ``//`` and ``/`` are intercepted; an integer
  may have at most :attr:`Budget.int_bits` bits, and the size of a string or list that an
  operator would build is checked *before* it is built;
* **allocation**: whatever a template builds (operators, ``~``, filters, method calls, the
  buffered output of macros and blocks) is charged by its size against one allocation
  budget per render, and no single object may exceed :attr:`Budget.object_size`;
* **time**: a deadline is checked on every loop iteration, every call, every filter and
  every operator, so a loop cannot run past it;
* **output**: the rendered text may have at most :attr:`Budget.output` characters;
* **reach**: ``{% include %}``, ``{% import %}`` and ``{% extends %}`` are refused when the
  template is compiled (a template is one self-contained text), ``lipsum`` is gone, and
  builtin lists and dicts cannot be modified (:class:`ImmutableSandboxedEnvironment`).

Every refusal is a :class:`TemplateBudgetError` (a Jinja2 ``SecurityError``) that names the
limit. Each single operation a template can start is small, so the interpreter lock is
handed on as usual and the rest of the process keeps running while a template renders.

>>> render("{{ 2 ** 10 }} {{ name }}", {"name": "Ann"})
'1024 Ann'
>>> render("{{ 9 ** (2 * 9 ** 7) }}", {})
Traceback (most recent call last):
...
followline.compose.sandbox.TemplateBudgetError: 9 ** 9565938 is too large a number
"""

from __future__ import annotations

import re
import string
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg


class TemplateBudgetError(SecurityError):
    """A template went over its time, size or arithmetic budget (the message says which)."""


@dataclass(frozen=True, slots=True)
class Budget:
    """The limits of one render. The defaults leave a mail template plenty of room."""

    seconds: float = 1.0  # wall-clock time for compiling and rendering
    output: int = 200_000  # characters of rendered text
    allocation: int = 5_000_000  # total size of everything the template builds
    object_size: int = 1_000_000  # size of any one string or list it builds
    int_bits: int = 16_384  # bits of any integer it computes
    width: int = 10_000  # widths, counts and other numbers given to str methods and filters
    source: int = 50_000  # characters of template source


_REFUSED_TAGS = {
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}",
    nodes.Extends: "{% extends %}",
}

# printf-style conversions ("%5d", "%-*s") and str.format specs ("{:>10}")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_NUMBER = re.compile(r"\d+")


def weight(value: Any, limit: int) -> int:
    """How big ``value`` is (characters of text, items of containers, recursively), counted
    only until ``limit`` is passed (then some number above it)."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item)
        elif isinstance(item, bool | float | None):
            total += 1
        elif isinstance(item, int):
            total += item.bit_length() // 8 + 1
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        else:  # ranges are lazy; other objects come from the context or are small
            total += 1
        if total > limit:
            return total
    return total


class BudgetedTemplate(Template):
    """A template whose ``~`` joins are checked (the generated module's ``str_join`` and
    ``markup_join`` are replaced by the environment's budgeted ones)."""

    @classmethod
    def from_code(  # type: ignore[override]
        cls,
        environment: Any,
        code: types.CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> Template:
        namespace = {"environment": environment, "__file__": code.co_filename}
        exec(code, namespace)
        namespace["str_join"] = environment.budget_str_join
        namespace["markup_join"] = environment.budget_markup_join
        template = cls._from_namespace(environment, namespace, globals)
        template._uptodate = uptodate
        return template


class BudgetedEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox that refuses to spend more than its :class:`Budget` (one render at a time:
    make one environment per render)."""

    template_class = BudgetedTemplate
    intercepted_binops = frozenset({"**", "*", "+", "%", "//", "/"})

    def __init__(self, budget: Budget | None = None, **options: Any):
        super().__init__(**options)
        self.budget = budget or Budget()
        self.deadline = float("inf")
        self.spent = 0
        self.globals.pop("lipsum", None)
        self.filters = {
            name: self._budgeted_filter(name, func) for name, func in self.filters.items()
        }

    # -- the budget ------------------------------------------------------------------------

    def start(self) -> None:
        self.deadline = time.monotonic() + self.budget.seconds
        self.spent = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateBudgetError(
                f"the template took longer than {self.budget.seconds:g} s to render"
            )

    def charge(self, value: Any) -> Any:
        """Count ``value`` (something the template built) against the budget."""
        if isinstance(value, range):
            return value
        room = min(self.budget.object_size, self.budget.allocation - self.spent)
        size = weight(value, room)
        if size > self.budget.object_size:
            raise TemplateBudgetError(
                f"the template built something larger than {self.budget.object_size:,} "
                "characters or items"
            )
        self.spent += size
        if self.spent > self.budget.allocation:
            raise TemplateBudgetError(
                f"the template built more than {self.budget.allocation:,} characters or items"
            )
        return value

    def precharge(self, size: int, what: str) -> None:
        """Refuse to build something of ``size`` before it is built."""
        if size > self.budget.object_size or self.spent + size > self.budget.allocation:
            raise TemplateBudgetError(f"{what} would be too large")

    def _small(self, number: Any, what: str) -> None:
        if isinstance(number, int) and abs(number) > self.budget.width:
            raise TemplateBudgetError(f"{what} {number} is larger than {self.budget.width:,}")

    # -- compiling -------------------------------------------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > self.budget.source:
            raise TemplateSyntaxError(
                f"the template is longer than {self.budget.source:,} characters", 1, name
            )
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(tuple(_REFUSED_TAGS)):
            raise TemplateSyntaxError(
                f"{_REFUSED_TAGS[type(node)]} is not allowed: a template stands on its own",
                node.lineno,
                name,
                filename,
            )
        for loop in tree.find_all(nodes.For):  # every iteration checks the clock
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("budget_iter"), [loop.iter], [], None, None
            ).set_lineno(loop.lineno)
        tree.set_environment(self)
        return tree

    def budget_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.tick()
            yield item

    # -- operators, joins, calls, filters --------------------------------------------------

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_product(left, right)
        elif operator == "+" and not _is_number(left):
            self.precharge(weight(left, self.budget.object_size) + weight(right, 1), "a sum")
        elif operator == "%" and isinstance(left, str):
            self._check_percent_format(left)
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int) and result.bit_length() > self.budget.int_bits:
            raise TemplateBudgetError(f"{operator} made too large a number")
        return self.charge(result)

    def _check_power(self, base: Any, exponent: Any) -> None:
        if not (_is_int(base) and _is_int(exponent)) or exponent <= 0 or abs(base) <= 1:
            return
        if base.bit_length() * exponent > self.budget.int_bits:
            raise TemplateBudgetError(f"{base} ** {exponent} is too large a number")

    def _check_product(self, left: Any, right: Any) -> None:
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > self.budget.int_bits + 1:
                raise TemplateBudgetError("the product is too large a number")
            return
        for seq, times in ((left, right), (right, left)):
            if _is_int(times) and not _is_number(seq) and times > 0:
                self.precharge(weight(seq, self.budget.object_size) * times, "a repetition")

    def _check_percent_format(self, template: str) -> None:
        for width, precision in _PERCENT_SPEC.findall(template):
            for number in (width, precision):
                if number == "*":
                    raise TemplateBudgetError("'*' widths are not allowed in % formatting")
                if number:
                    self._small(int(number), "a width of")

    def _check_format_string(self, template: str) -> None:
        for _, _, spec, _ in string.Formatter().parse(template):
            if spec and "{" in spec:
                raise TemplateBudgetError("nested format fields are not allowed")
            for number in _FORMAT_NUMBER.findall(spec or ""):
                self._small(int(number), "a width of")

    def _joined(self, parts: Iterable[Any], join: Callable[[Iterable[Any]], str]) -> str:
        items = list(parts)
        self.tick()
        self.precharge(weight(items, self.budget.object_size), "a joined text")
        joined = join(items)
        self.charge(joined)
        return joined

    def budget_str_join(self, parts: Iterable[Any]) -> str:
        return self._joined(parts, str_join)

    def budget_markup_join(self, parts: Iterable[Any]) -> str:
        return self._joined(parts, markup_join)

    def concat(self, parts: Iterable[Any]) -> str:  # buffered output of macros and blocks
        return self._joined(parts, "".join)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        if isinstance(__obj, types.BuiltinMethodType | types.MethodType) and isinstance(
            getattr(__obj, "__self__", None), str | bytes
        ):  # Markup's methods are Python methods of a str
            args = __self._check_str_method(__obj, args, kwargs)
        return __self.charge(super().call(__context, __obj, *args, **kwargs))

    def _check_str_method(
        self, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any, ...]:
        text = method.__self__
        for value in (*args, *kwargs.values()):
            self._small(value, f"{method.__name__}() with")
        if method.__name__ == "expandtabs":
            self.precharge(len(text) * (args[0] if args else 8), "expandtabs()")
        elif method.__name__ == "replace" and len(args) >= 2:
            self._check_replace(text, args[0], args[1])
        elif method.__name__ == "join" and args:
            items = list(self.budget_iter(args[0]))
            self.precharge(weight(items, self.budget.object_size) * max(1, len(text)), "join()")
            args = (items, *args[1:])
        return args

    def _check_replace(self, text: Any, old: Any, new: Any) -> None:
        if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
            times = len(text) + 1 if not old else text.count(old)
            self.precharge(len(text) + times * len(new), "replace()")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        self._check_format_string(value.__self__)
        return wrapped

    def _budgeted_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        skip = 0 if _PassArg.from_obj(func) is None else 1
        check = _FILTER_CHECKS.get(name)

        @wraps(func)
        def budgeted(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if check is not None:
                args = check(self, list(args[:skip]), list(args[skip:]), kwargs)
            return self.charge(func(*args, **kwargs))

        return budgeted


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | complex)


# Filters that could build something far larger than their input: checked before they run.
# Each takes (env, pass-through args, [value, *params], kwargs) and returns the args to use.


def _check_width(position: int, keyword: str) -> Callable[..., tuple[Any, ...]]:
    def check(
        env: BudgetedEnvironment, head: list[Any], rest: list[Any], kwargs: dict[str, Any]
    ) -> tuple[Any, ...]:
        number = rest[position] if len(rest) > position else kwargs.get(keyword)
        if isinstance(number, str):
            number = len(number)
        env._small(number, f"{keyword}")
        return (*head, *rest)

    return check


def _check_indent(
    env: BudgetedEnvironment, head: list[Any], rest: list[Any], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    _check_width(1, "width")(env, head, rest, kwargs)
    width = rest[1] if len(rest) > 1 else kwargs.get("width", 4)
    width = len(width) if isinstance(width, str) else int(width or 0)
    text = str(rest[0]) if rest else ""
    env.precharge(len(text) + (text.count("\n") + 1) * width, "indent")
    return (*head, *rest)


def _check_format_filter(
    env: BudgetedEnvironment, head: list[Any], rest: list[Any], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    if rest and isinstance(rest[0], str):
        env._check_percent_format(rest[0])
    return (*head, *rest)


def _check_replace_filter(
    env: BudgetedEnvironment, head: list[Any], rest: list[Any], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    if len(rest) >= 3:
        env._check_replace(str(rest[0]), rest[1], rest[2])
    return (*head, *rest)


def _check_join_filter(
    env: BudgetedEnvironment, head: list[Any], rest: list[Any], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    if rest:
        items = list(env.budget_iter(rest[0]))
        glue = rest[1] if len(rest) > 1 else kwargs.get("d", "")
        size = weight(items, env.budget.object_size) + len(items) * len(str(glue))
        env.precharge(size, "join")
        rest = [items, *rest[1:]]
    return (*head, *rest)


def _check_sum_filter(
    env: BudgetedEnvironment, head: list[Any], rest: list[Any], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    start = rest[2] if len(rest) > 2 else kwargs.get("start", 0)
    if not _is_number(start):
        raise TemplateBudgetError("sum adds numbers only")
    return (*head, *rest)


_FILTER_CHECKS: Mapping[str, Callable[..., tuple[Any, ...]]] = {
    "center": _check_width(1, "width"),
    "indent": _check_indent,
    "format": _check_format_filter,
    "replace": _check_replace_filter,
    "join": _check_join_filter,
    "batch": _check_width(1, "linecount"),
    "slice": _check_width(1, "slices"),
    "truncate": _check_width(1, "length"),
    "wordwrap": _check_width(1, "width"),
    "sum": _check_sum_filter,
}


def render(
    source: str,
    context: Mapping[str, Any],
    *,
    budget: Budget | None = None,
    **options: Any,
) -> str:
    """Compile and render ``source`` within ``budget``; raises Jinja2's ``TemplateError``
    (:class:`TemplateBudgetError` when a limit is reached)."""
    env = BudgetedEnvironment(budget, **options)
    env.start()
    template = env.from_string(source)
    pieces: list[str] = []
    size = 0
    for piece in template.generate(dict(context)):
        size += len(piece)
        if size > env.budget.output:
            raise TemplateBudgetError(
                f"the template wrote more than {env.budget.output:,} characters"
            )
        env.tick()
        pieces.append(piece)
    return "".join(pieces)
