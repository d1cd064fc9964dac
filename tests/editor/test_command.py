"""`policypack edit` as a user runs it: one line with the address, Ctrl+C stops it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from helpers import POLICYPACK, ROOT


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT, as Ctrl+C does on macOS and Linux")
def test_edit_prints_one_address_serves_it_and_stops_cleanly_on_ctrl_c(tmp_path):
    profile = tmp_path / "profiles" / "mine.yaml"
    process = subprocess.Popen([*POLICYPACK, "edit", str(profile), "--no-browser"], cwd=ROOT, text=True, encoding="utf-8",
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        line = process.stdout.readline().strip()
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{20,})", line)
        assert match, line
        opener = urllib.request.build_opener(_NoRedirect)
        for _ in range(50):
            try:
                response = opener.open(line, timeout=5)
                break
            except urllib.error.HTTPError as exc:
                response = exc
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        with response:
            assert response.status == 303 and "HttpOnly" in response.headers["set-cookie"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(f"http://127.0.0.1:{match.group(1)}/page/people", timeout=5)
        with refused.value:
            assert refused.value.code == 403
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert "Traceback" not in process.stderr.read()
        assert not profile.exists()  # nothing written without Save
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_303(self, request, response, code, message, headers):
        return response


def test_edit_refuses_a_port_in_use_with_a_clear_message(tmp_path):
    from generator.editor.server import bind

    taken = bind(None)
    try:
        from helpers import run_cli

        result = run_cli("edit", str(tmp_path / "x.yaml"), "--no-browser", "--port", str(taken.getsockname()[1]))
        assert result.returncode == 1 and "cannot listen on 127.0.0.1" in result.stderr and "Traceback" not in result.stderr
    finally:
        taken.close()
