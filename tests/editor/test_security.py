"""The editor's gate, fast, with Starlette's TestClient: token, cookie, Host, origin."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT
from starlette.testclient import TestClient

from generator.editor.app import create_app
from generator.editor.security import COOKIE, Keys
from generator.editor.session import Session

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def gate(tmp_path):
    shutil.copytree(ROOT / "profiles", tmp_path / "profiles")
    profile = tmp_path / "profiles" / "example.yaml"
    keys = Keys()
    app, editor = create_app(Session.open(str(profile)), PORT, keys, str(tmp_path / "out"))
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    return client, keys, editor, profile


def _logged_in(client, keys):
    response = client.get(f"/?token={keys.token}")
    assert response.status_code == 303 and response.headers["location"] == "/"
    return response


def _change(client, headers, value="0116 496 0999"):
    return client.post("/field", data={"key": "people.dsl.phone", "value": value}, headers=headers)


def test_the_token_is_exchanged_once_for_a_strict_httponly_cookie(gate):
    client, keys, _, _ = gate
    cookie = _logged_in(client, keys).headers["set-cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie and keys.token not in cookie
    assert client.get("/page/people").status_code == 200
    other = TestClient(client.app, base_url=BASE, follow_redirects=False)
    assert other.get(f"/?token={keys.token}").status_code == 403  # one time only
    assert other.get("/page/people").status_code == 403


@pytest.mark.parametrize("path", ["/", "/page/people", "/static/htmx.min.js", "/build/status", "/preview/0.svg"])
def test_requests_without_the_cookie_are_refused(gate, path):
    client, _, _, _ = gate
    response = client.get(path)
    assert response.status_code == 403 and "policypack edit printed" in response.text


def test_a_wrong_token_is_refused(gate):
    client, keys, _, _ = gate
    assert client.get("/?token=guess").status_code == 403
    assert not keys.used


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1", f"127.0.0.1:{PORT + 1}",
                                  f"localhost.evil.example:{PORT}", ""])
def test_a_foreign_host_header_is_refused_and_changes_nothing(gate, host):
    client, keys, editor, profile = gate
    _logged_in(client, keys)
    before = profile.read_bytes()
    response = _change(client, {"host": host, "origin": f"http://{host}"})
    assert response.status_code == 421
    assert client.post("/save", data={}, headers={"host": host}).status_code == 421
    assert not editor.session.dirty and profile.read_bytes() == before
    assert client.get("/page/people", headers={"host": host}).status_code == 421


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}"])
def test_both_local_names_are_served(gate, host):
    client, keys, _, _ = gate
    _logged_in(client, keys)
    assert client.get("/page/people", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("headers", [
    {"origin": "http://evil.example"},
    {"origin": f"http://localhost:{PORT + 1}"},
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site", "origin": BASE},
    {"origin": "null"},
    {},  # says nothing about where it comes from
])
def test_a_change_from_another_origin_changes_nothing(gate, headers):
    client, keys, editor, profile = gate
    _logged_in(client, keys)
    before = profile.read_bytes()
    assert _change(client, headers).status_code == 403
    assert client.post("/save", data={"back": "people"}, headers=headers).status_code == 403
    assert client.post("/deputies/remove", data={"index": "0"}, headers=headers).status_code == 403
    assert client.post("/build", headers=headers).status_code == 403
    assert not editor.session.dirty and profile.read_bytes() == before
    assert editor.job.state == "idle"


@pytest.mark.parametrize("headers", [{"origin": BASE}, {"sec-fetch-site": "same-origin"},
                                     {"origin": "null", "sec-fetch-site": "same-origin"}])
def test_a_change_from_the_editors_own_page_is_kept(gate, headers):
    client, keys, editor, _ = gate
    _logged_in(client, keys)
    response = _change(client, headers)
    assert response.status_code == 200 and "Kept" in response.text
    assert editor.session.dirty


def test_every_response_forbids_outside_content_and_framing(gate):
    client, keys, _, _ = gate
    _logged_in(client, keys)
    for response in (client.get("/page/organisation"), client.get("/nowhere"), client.get("/page/x")):
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert response.headers["x-frame-options"] == "DENY" and response.headers["cache-control"] == "no-store"


def test_the_pages_load_nothing_from_outside(gate):
    client, keys, _, _ = gate
    _logged_in(client, keys)
    for slug in ("organisation", "people", "contacts", "closure", "review", "answers", "templates", "build"):
        html = client.get(f"/page/{slug}").text
        assert "http://" not in html.replace(BASE, "") and "https://" not in html.split("<main")[0], slug
        assert "<script" not in html.split("</head>")[1], slug  # scripts only from /static


def test_built_files_are_served_only_from_the_output_folder(gate):
    client, keys, editor, _ = gate
    _logged_in(client, keys)
    assert client.get("/files/../../profiles/example.yaml").status_code == 404
    assert client.get("/files/manifest.json").status_code == 404  # nothing built yet


def test_a_field_that_is_not_in_the_schema_is_refused(gate):
    client, keys, editor, _ = gate
    _logged_in(client, keys)
    response = client.post("/field", data={"key": "people.dsl.__class__", "value": "x"}, headers={"origin": BASE})
    assert response.status_code == 400 and not editor.session.dirty


def test_the_server_listens_on_127_0_0_1_only():
    from generator.editor.server import bind

    sock = bind(None)
    try:
        assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] > 0
    finally:
        sock.close()


def test_there_is_no_way_to_give_the_editor_a_families_csv():
    app_source = (Path(__file__).resolve().parents[2] / "generator" / "editor").rglob("*.py")
    text = "\n".join(path.read_text(encoding="utf-8") for path in app_source)
    assert "families" not in text.lower() and "UploadFile" not in text and "letters" not in text.replace("letters.signatory", "")
