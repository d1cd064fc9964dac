"""Reproducible bytes, the committed masters, and the per-process cache."""

from __future__ import annotations

import importlib.util
import io
import shutil
import zipfile

from docx_kit import MASTERS, make_doc, make_meta, para
from helpers import ROOT

from generator.docx import master as masters
from generator.docx import render_docx
from generator.docx.package import normalise_zip
from generator.render import blocks as b


def _sample():
    return make_doc(
        b.Heading(1, (b.Run("Links"),)),
        b.Paragraph((b.Run("see "), b.Run("here", link="https://example.org"))),
        b.NumberedList((b.ListItem((b.Run("one"),)),)),
        b.Table(header=((b.Run("a"),),), rows=(((b.Run("b"),),),)),
        b.Prompt("q", "Q?", "s"),
    )


def test_two_renders_give_identical_bytes(env):
    first = render_docx(_sample(), make_meta(toc=True), MASTERS / "document.docx", env)
    second = render_docx(_sample(), make_meta(toc=True), MASTERS / "document.docx", env)
    assert first == second


def test_zip_entries_have_fixed_dates_and_content_types_first(env):
    data = render_docx(_sample(), make_meta(), MASTERS / "document.docx", env)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [info.filename for info in infos[2:]]
    assert names == sorted(names)


def test_normalise_zip_ignores_the_time_of_writing():
    def zipped(date):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(zipfile.ZipInfo("b.xml", date_time=date), b"<b/>")
            zf.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=date), b"<t/>")
        return buf.getvalue()

    assert zipped((2020, 1, 1, 0, 0, 0)) != zipped((2024, 5, 6, 7, 8, 10))
    assert normalise_zip(zipped((2020, 1, 1, 0, 0, 0))) == normalise_zip(zipped((2024, 5, 6, 7, 8, 10)))


def test_committed_masters_match_the_script(tmp_path):
    # The .docx files are committed for people who restyle them in Word; the
    # script is how they are made.  They must not drift apart.
    spec = importlib.util.spec_from_file_location("make_masters", ROOT / "tools" / "make_masters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["make_masters", str(tmp_path)]) == 0
    for name in ("document", "form", "letter"):
        assert (tmp_path / f"{name}.docx").read_bytes() == (MASTERS / f"{name}.docx").read_bytes(), (
            f"templates/masters/{name}.docx is stale: run .venv/bin/python tools/make_masters.py")


def test_a_master_is_read_and_compiled_once_per_environment(env, tmp_path):
    path = tmp_path / "document.docx"
    shutil.copy(MASTERS / "document.docx", path)
    assert masters.load(path, env) is masters.load(path, env)


def test_a_changed_master_is_read_again(env, tmp_path):
    path = tmp_path / "document.docx"
    shutil.copy(MASTERS / "document.docx", path)
    before = masters.load(path, env)
    shutil.copy(MASTERS / "form.docx", path)  # another size, so another cache key
    after = masters.load(path, env)
    assert after is not before
    assert render_docx(make_doc(para("x")), make_meta(), path, env)  # and it renders
