"""The closure task list, one source for the addendum's checklist table and
the printable closure checklist form (templates/addendum/closure-tasks.yaml).

Each field is rendered as one escaped line with the staff context; a task
whose ``requires`` is false for this profile is left out of both.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.documents.base import BuildInputs
from generator.documents.flowchart.model import condition, render_line
from generator.errors import TemplateProblem

TASKS = "addendum/closure-tasks.yaml"
_FIX = "give each task a task:, who: and when: line (see the file's header)"


@dataclass(frozen=True)
class Task:
    task: str
    who: str
    when: str


def tasks(inputs: BuildInputs) -> tuple[Task, ...]:
    if not inputs.profile.closure.enabled:
        return ()
    data = inputs.data(TASKS)
    where = inputs.templates.find(TASKS)
    items = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise TemplateProblem(f"{where}: 'tasks' must be a list", _FIX)
    context = inputs.context("staff")
    context = {**context, "lead": _line(str(data.get("lead") or "DSL"), context, f"{where}: lead")}
    out = []
    for number, item in enumerate(items, start=1):
        here = f"{where}: task {number}"
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("task", "who", "when")):
            raise TemplateProblem(f"{here}: needs task, who and when (text)", _FIX)
        if condition(item.get("requires"), context, here):
            out.append(Task(*(_line(item[k], context, f"{here}: {k}") for k in ("task", "who", "when"))))
    return tuple(out)


def _line(source: str, context: dict, where: str) -> str:
    return "".join(run.text for run in render_line(source, context, where))
