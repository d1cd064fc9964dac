"""The text version of a flowchart: numbered steps, for screen readers.

Used three ways: the DOCX table's alt text, the SVG's <desc>, and a Markdown
page (``<slug>-text.md``) the handbook can show beside the picture.  The
connecting words ("Then go to step 3.") come from the data file's
``wording:``; only step numbers are filled in here.
"""

from __future__ import annotations

from generator.documents.flowchart.model import Box, Flowchart
from generator.render.jinja_env import md_escape

DEFAULT_WORDING = {"step": "Step {n}", "next": "Then go to step {n}.", "branch": "{label}: go to step {n}.",
                   "choice": "Then one of steps {list}.", "or": "or"}


def _word(chart: Flowchart, key: str, **values) -> str:
    text = str(chart.wording.get(key, DEFAULT_WORDING[key]))
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def step_text(chart: Flowchart, box: Box) -> tuple[str, list[str], list[str]]:
    """(title, body lines, where-next sentences) of one step."""
    onward = []
    plain = [chart.box(link.target).step for link in chart.outgoing(box.id) if not link.label]
    for link in chart.outgoing(box.id):
        if link.label:
            onward.append(_word(chart, "branch", label=link.label, n=chart.box(link.target).step))
    if len(plain) == 1:
        onward.append(_word(chart, "next", n=plain[0]))
    elif plain:
        steps = ", ".join(map(str, plain[:-1])) + f" {_word(chart, 'or')} {plain[-1]}"
        onward.append(_word(chart, "choice", list=steps))
    return box.title_text, box.body_lines(), onward


def plain_text_version(chart: Flowchart) -> str:
    """One paragraph per step, plain text (alt text, SVG description)."""
    parts = [chart.summary] if chart.summary else []
    for box in chart.boxes:
        title, lines, onward = step_text(chart, box)
        parts.append(" ".join([f"{_word(chart, 'step', n=box.step)}: {title}.", *lines, *onward]).replace("..", "."))
    return "\n".join(parts)


def markdown_version(chart: Flowchart) -> str:
    """A Markdown page: the title, the summary and a numbered list of steps.
    Every text is escaped (it may contain profile values)."""
    out = [f"# {md_escape(chart.title)}", ""]
    if chart.summary:
        out += [md_escape(chart.summary), ""]
    for box in chart.boxes:
        title, lines, onward = step_text(chart, box)
        out.append(f"{box.step}. **{md_escape(title)}**")
        for line in lines:
            out.append(f"    - {md_escape(line.removeprefix(chr(0x2022) + ' '))}")
        for sentence in onward:
            out.append(f"    - *{md_escape(sentence)}*")
    return "\n".join(out) + "\n"
