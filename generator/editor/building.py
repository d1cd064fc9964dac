"""The Build pack button's work, in a background thread, and the flowchart preview."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from generator import clock
from generator.errors import ProfileInvalid, UserError


@dataclass
class BuildJob:
    state: str = "idle"  # idle, running, done, failed
    steps: list[str] = field(default_factory=list)  # step keys of templates/editor/pages.yaml build_steps
    started: float = 0.0
    seconds: float = 0.0
    report: object = None  # pack.build.BuildReport when done
    error: str = ""
    fix: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, profile: str, out_dir: str) -> bool:
        """Start a build of the saved ``profile``; False when one is already running."""
        with self.lock:
            if self.state == "running":
                return False
            self.state, self.steps, self.report, self.error, self.fix = "running", ["check"], None, "", ""
            self.started = time.monotonic()
        threading.Thread(target=self._run, args=(profile, out_dir), daemon=True, name="policypack-build").start()
        return True

    def _run(self, profile: str, out_dir: str) -> None:
        from generator.pack.build import finish_pack, stage_pack

        try:
            self.steps.append("render")
            staged = stage_pack(profile, out_dir)
            self.steps.append("handbook")
            report = finish_pack(staged)
        except ProfileInvalid as exc:
            self._fail(str(exc), "")
        except UserError as exc:
            self._fail(exc.message if hasattr(exc, "message") else str(exc), getattr(exc, "fix", ""))
        except Exception as exc:  # a bug: say so, without a traceback in the page
            self._fail(f"policypack hit a bug while building ({type(exc).__name__})",
                       "run policypack build on the command line to see the details, and please report it")
        else:
            with self.lock:
                self.report, self.state = report, "done"
                self.steps.append("done")
        finally:
            self.seconds = time.monotonic() - self.started

    def _fail(self, message: str, fix: str) -> None:
        with self.lock:
            self.state, self.error, self.fix = "failed", message, fix


def flowcharts(path: str, text: str) -> list[tuple[str, bytes]]:
    """The flowcharts' pictures (title, SVG) for the profile as being edited; [] when it is not valid yet."""
    from generator.documents.base import BuildInputs, Output
    from generator.documents.flowchart.produce import site_outputs
    from generator.profile.load import load_profile

    try:
        profile = load_profile(path, text=text).profile
    except (ProfileInvalid, UserError):
        return []
    inputs = BuildInputs.create(profile, clock.today())
    return [(o.title, o.data) for o in site_outputs(inputs) if isinstance(o, Output) and o.path.endswith(".svg")]
