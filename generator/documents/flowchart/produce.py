"""The flowcharts: "What to do if you are worried about a child" and the
closure escalation chart.

Each chart is a data file in templates/flowchart/ (listed in CHARTS there).
For each one this produces the one-page DOCX (a Word table on the form
master, editable in Word), the SVG for the handbook site and the text
version (Markdown) for screen readers, or a Skipped when the chart's
``requires:`` expression is false for the profile.
"""

from __future__ import annotations

import secrets
from functools import partial

from generator.documents.base import BuildInputs, Output, Skipped
from generator.documents.docx_output import to_docx
from generator.documents.flowchart import model
from generator.documents.flowchart.text import markdown_version
from generator.render.blocks import Document, Paragraph, Run

KIND = "flowchart"
MASTER = "masters/form.docx"  # plain header and footer: the most room for the chart
# Where the chart goes in the rendered master; random so no profile text can imitate it.
_MARK = f"policypack-flowchart-{secrets.token_hex(8)}"


def documents(inputs: BuildInputs) -> list[Output | Skipped]:
    return _all_charts(inputs, with_docx=True)


def site_outputs(inputs: BuildInputs) -> list[Output | Skipped]:
    """Only what the handbook shows (SVG and text version): no DOCX to lay out."""
    return _all_charts(inputs, with_docx=False)


def _all_charts(inputs: BuildInputs, with_docx: bool) -> list[Output | Skipped]:
    index = inputs.data("flowchart/charts.yaml") or {}
    styles = inputs.data("flowchart/styles.yaml")
    out: list[Output | Skipped] = []
    for name in index.get("charts") or ():
        out.extend(chart_outputs(inputs, f"flowchart/{name}.yaml", styles, with_docx))
    return out


def steps_for(inputs: BuildInputs, name: str, audience: str) -> list[dict]:
    """The steps of chart ``name`` rendered for ``audience`` (the published
    policy: public, so private numbers are left out), for a document to print
    as text: ``{"step", "title", "lines", "onward"}`` each."""
    from generator.documents.flowchart.text import step_text

    data = inputs.data(name)
    where = inputs.templates.find(name)
    context = inputs.context(audience)
    if not model.condition((data or {}).get("requires"), context, where):
        return []
    chart = model.build(data, inputs.data("flowchart/styles.yaml"), {**context, "levels": context["routes"].levels}, where)
    steps = []
    for box in chart.boxes:
        title, lines, onward = step_text(chart, box)
        steps.append({"step": box.step, "title": title, "lines": [line.removeprefix("\u2022 ") for line in lines],
                      "onward": onward})
    return steps


def chart_outputs(inputs: BuildInputs, name: str, styles: dict, with_docx: bool = True) -> list[Output | Skipped]:
    from generator.documents.flowchart.docx_layout import place
    from generator.documents.flowchart.svg import render_svg

    data = inputs.data(name)
    where = inputs.templates.find(name)
    audience = str((data or {}).get("audience", "staff"))
    context = inputs.context(audience)
    if not model.condition((data or {}).get("requires"), context, where):
        title = str(data.get("title", name))
        return [Skipped(KIND, f"{title}: {data.get('skipped_reason') or 'not needed for this profile'}")]
    chart = model.build(data, styles, {**context, "levels": context["routes"].levels}, where)
    org_name = inputs.profile.organisation.name
    pictures = [
        Output(KIND, f"{chart.title} (picture)", f"{chart.slug}.svg", render_svg(chart, inputs.templates, org_name)),
        Output(KIND, f"{chart.title} (text version)", f"{chart.slug}-text.md",
               markdown_version(chart).encode("utf-8")),
    ]
    if not with_docx:
        return pictures
    footer = model.render_line(str(data.get("footer") or ""), context, f"{where}: footer")
    document = Document(kind=KIND, slug=chart.slug, title=chart.title, subject=chart.subject,
                        blocks=(Paragraph((Run(_MARK),)),), audience=chart.audience,
                        footer_note="".join(r.text for r in footer),
                        master=MASTER, finish_docx=partial(place, marker=_MARK, chart=chart))
    return [to_docx(document, inputs), *pictures]
