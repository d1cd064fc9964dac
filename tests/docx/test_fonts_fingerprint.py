"""The fonts fingerprint that keys the PDF cache, and where fonts live on each system."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.docx import pdf_cache
from generator.docx.fonts import font_folders, fonts_fingerprint


def test_the_fingerprint_changes_with_a_font_and_only_with_a_font(tmp_path):
    fonts = tmp_path / "fonts"
    (fonts / "truetype").mkdir(parents=True)
    (fonts / "truetype" / "Carlito-Regular.ttf").write_bytes(b"font one")
    first = fonts_fingerprint([fonts, tmp_path / "missing"])
    assert fonts_fingerprint([fonts, tmp_path / "missing"]) == first
    (fonts / "fonts.dir").write_text("an index, not a font", encoding="utf-8")
    assert fonts_fingerprint([fonts, tmp_path / "missing"]) == first
    (fonts / "truetype" / "Caladea-Regular.TTF").write_bytes(b"font two")
    installed = fonts_fingerprint([fonts, tmp_path / "missing"])
    assert installed != first
    (fonts / "truetype" / "Caladea-Regular.TTF").write_bytes(b"font two, a newer version")
    assert fonts_fingerprint([fonts, tmp_path / "missing"]) not in (first, installed)
    (fonts / "truetype" / "Caladea-Regular.TTF").unlink()
    assert fonts_fingerprint([fonts, tmp_path / "missing"]) == first
    os.utime(fonts / "truetype" / "Carlito-Regular.ttf", ns=(0, 0))
    assert fonts_fingerprint([fonts]) != first
    assert fonts_fingerprint([tmp_path / "missing"]) == fonts_fingerprint([tmp_path / "empty"]) == fonts_fingerprint([])


def test_a_broken_link_in_a_font_folder_is_no_font(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    empty = fonts_fingerprint([fonts])
    try:
        (fonts / "gone.ttf").symlink_to(tmp_path / "nowhere.ttf")
    except OSError:  # Windows without the right to make links
        return
    assert fonts_fingerprint([fonts]) == empty


def test_the_pdf_cache_keeps_pdfs_apart_across_a_font_change(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(pdf_cache, "font_folders", lambda: [fonts])
    program = os.path.realpath(sys.executable)  # any program file: its size and date go into the key
    before = pdf_cache.PdfCache.open(program, "macro")
    assert pdf_cache.PdfCache.open(program, "macro")._entry("d" * 64) == before._entry("d" * 64)
    (fonts / "Carlito-Regular.ttf").write_bytes(b"font")
    after = pdf_cache.PdfCache.open(program, "macro")
    assert after._entry("d" * 64) != before._entry("d" * 64)


def test_font_folders_of_each_system():
    home = Path("/home/zoe")
    windows = font_folders("win32", {"WINDIR": r"D:\Windows", "LOCALAPPDATA": r"D:\Users\zoe\AppData\Local"}, home)
    assert [str(folder).replace("\\", "/") for folder in windows] == [
        "D:/Windows/Fonts", "D:/Users/zoe/AppData/Local/Microsoft/Windows/Fonts"]
    fallback = font_folders("win32", {}, home)
    assert str(fallback[0]).replace("\\", "/") == "C:/Windows/Fonts"
    assert font_folders("darwin", {}, home) == [Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                                                 home / "Library" / "Fonts"]
    linux = font_folders("linux", {"XDG_DATA_HOME": "/data/zoe"}, home)
    assert linux == [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path("/data/zoe/fonts"),
                     home / ".fonts"]
    assert Path("/home/zoe/.local/share/fonts") in font_folders("linux", {}, home)
