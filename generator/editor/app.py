"""The editor's web app (Starlette): pages rendered on the server, one field
checked and kept at a time (htmx posts it on change), and plain forms for
the rest (save, deputies, overrides, build) that redirect back to the page.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.editor import fields, views
from generator.editor.building import BuildJob, flowcharts
from generator.editor.security import Gate, Keys
from generator.editor.session import ChangedOnDisk, Session, parent_files
from generator.profile.inherit import inside
from generator.render.jinja_env import page_env
from generator.sources.templates import builtin_dir

STATIC = Path(__file__).resolve().parent / "static"


class Editor:
    """The state of one `policypack edit` run, and its pages."""

    def __init__(self, session: Session, out_dir: str):
        self.session = session
        self.out_dir = out_dir
        self.job = BuildJob()
        self.flash: list[tuple[str, str]] = []  # (kind, text) shown once on the next page
        self.env = page_env(os.path.join(builtin_dir(), "editor"))

    def render(self, name: str, request: Request, status: int = 200, **context) -> HTMLResponse:
        flash, self.flash = self.flash, []
        base = {"pages": fields.pages(), "session": self.session, "words": fields.wording(), "flash": flash,
                "path": request.url.path, "profile_name": os.path.basename(self.session.path)}
        return HTMLResponse(self.env.get_template(name).render({**base, **context}), status_code=status)

    def fragment(self, name: str, **context) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render({"words": fields.wording(), **context}))

    # -- pages -----------------------------------------------------------------

    async def home(self, request: Request):
        return RedirectResponse("/start" if self.session.new else "/page/organisation", status_code=303)

    async def start(self, request: Request):
        if request.method == "POST":
            form = await request.form()
            choice = str(form.get("parent", ""))
            known = dict(parent_files(self.session.path))
            if choice and choice not in known:
                return RedirectResponse("/start", status_code=303)
            provided = {}
            if choice:
                from generator.yamlload import load_yaml_file

                target = os.path.join(os.path.dirname(os.path.abspath(self.session.path)), choice)
                provided = load_yaml_file(target).data or {}
            self.session.choose_parent(choice or None, provided)
            return RedirectResponse("/page/organisation", status_code=303)
        return self.render("start.html", request, parents=parent_files(self.session.path), page=None)

    async def page(self, request: Request):
        spec = fields.page(request.path_params["slug"])
        if spec is None:
            return self.render("missing.html", request, status=404, page=None)
        context = {"page": spec, "groups": views.groups(self.session, spec)}
        if spec.get("answers"):
            items, answered = views.answers(self.session)
            context.update(items=items, answered=answered, total=len(items))
        if spec.get("build"):
            context.update(charts=list(enumerate(title for title, _ in flowcharts(self.session.path, self.session.doc.text()))),
                           job=self.job, errors=self.session.errors())
        return self.render("page.html", request, **context)

    # -- one field -------------------------------------------------------------

    async def field(self, request: Request):
        form = await request.form()
        key = str(form.get("key", ""))
        path = fields.split(key)
        if not key or fields.rule_for(path) is None:
            return Response(status_code=400)
        outcome = self.session.change(key, path, fields.parse(key, str(form.get("value", ""))))
        context = {"outcome": outcome, "session": self.session, "spec": fields.field(key)}
        if path[:2] == ("policy", "answers"):
            items, answered = views.answers(self.session)
            context.update(answered=answered, total=len(items))
        return self.fragment("field_result.html", **context)

    async def override(self, request: Request):
        """Copy an inherited value into this file, where it can then be changed."""
        form = await request.form()
        key = str(form.get("key", ""))
        path = fields.split(key)
        merged = self.session.merged()
        value = views._get(merged.data, path) if merged is not None and fields.rule_for(path) else None
        if value is not None:
            self.session.change(key, path, fields.parse(key, fields.shown(value)))
        return RedirectResponse(f"/page/contacts#{fields.field(key).dom_id}", status_code=303)

    async def deputies(self, request: Request):
        form = await request.form()
        action = request.path_params["action"]
        index = int(form.get("index", -1)) if str(form.get("index", "")).lstrip("-").isdigit() else -1
        base = ("people", "deputy_dsls")

        def edit(doc):
            items = doc.block_list(base)
            if action == "add":
                items.append(_deputy(str(form.get("name", "")).strip()))
            elif 0 <= index < len(items):
                if action == "remove":
                    del items[index]
                elif action == "up" and index > 0:
                    items.insert(index - 1, items.pop(index))
                elif action == "down" and index < len(items) - 1:
                    items.insert(index + 1, items.pop(index))

        outcome = self.session.apply("people.deputy_dsls", edit)
        if not outcome.kept:
            self.flash.append(("error", "; ".join(f"{p.key}: {p.message}" for p in outcome.problems)))
        else:
            self.flash.append(("ok", fields.wording()["flash"][f"deputy_{action}"]))
        return RedirectResponse("/page/people#deputies", status_code=303)

    # -- the file --------------------------------------------------------------

    async def save(self, request: Request):
        form = await request.form()
        back = _back(form)
        try:
            self.session.save()
        except ChangedOnDisk as exc:
            self.flash.append(("error", f"{exc.message}. {exc.fix}"))
        except OSError as exc:
            self.flash.append(("error", f"{self.session.path}: {exc.strerror or exc}"))
        else:
            self.flash.append(("ok", fields.wording()["flash"]["saved"].replace("FILE", self.session.path)))
        return RedirectResponse(back, status_code=303)

    async def reload(self, request: Request):
        form = await request.form()
        self.session.reload()
        self.flash.append(("ok", fields.wording()["flash"]["reloaded"]))
        return RedirectResponse(_back(form), status_code=303)

    # -- building --------------------------------------------------------------

    async def build(self, request: Request):
        if self.session.dirty or not os.path.exists(self.session.path):
            self.flash.append(("error", fields.wording()["flash"]["save_first"]))
        elif self.session.errors():
            self.flash.append(("error", fields.wording()["flash"]["fix_first"]))
        else:
            self.job.start(self.session.path, self.out_dir)
        return RedirectResponse("/page/build#build", status_code=303)

    async def build_status(self, request: Request):
        return self.fragment("build_status.html", job=self.job)

    async def preview(self, request: Request):
        charts = flowcharts(self.session.path, self.session.doc.text())
        number = request.path_params["number"]
        if number >= len(charts):
            return Response(status_code=404)
        return Response(charts[number][1], media_type="image/svg+xml")

    async def files(self, request: Request):
        """A file of the last build, only from inside its output folder."""
        report = self.job.report
        if report is None:
            return Response(status_code=404)
        root = os.path.realpath(report.folder)
        target = os.path.join(root, request.path_params["file"])
        if os.path.isdir(target):
            target = os.path.join(target, "index.html")
        if not inside(target, root) or not os.path.isfile(target):
            return Response(status_code=404)
        return FileResponse(target)


def _deputy(name: str):
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(name=name) if name else CommentedMap()


def _back(form) -> str:
    slug = str(form.get("back", ""))
    return f"/page/{slug}" if fields.page(slug) else "/"


def create_app(session: Session, port: int, keys: Keys, out_dir: str = "out") -> tuple[Gate, Editor]:
    editor = Editor(session, out_dir)
    routes = [
        Route("/", editor.home),
        Route("/start", editor.start, methods=["GET", "POST"]),
        Route("/page/{slug}", editor.page),
        Route("/field", editor.field, methods=["POST"]),
        Route("/override", editor.override, methods=["POST"]),
        Route("/deputies/{action:str}", editor.deputies, methods=["POST"]),
        Route("/save", editor.save, methods=["POST"]),
        Route("/reload", editor.reload, methods=["POST"]),
        Route("/build", editor.build, methods=["POST"]),
        Route("/build/status", editor.build_status),
        Route("/preview/{number:int}.svg", editor.preview),
        Route("/files/{file:path}", editor.files),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes)
    return Gate(app, port, keys, fields.wording()["refusals"]), editor
