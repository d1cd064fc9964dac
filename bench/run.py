"""Run every benchmark in bench/ (each prints its figures and ratios).

    .venv/bin/python bench/run.py            all of them
    .venv/bin/python bench/run.py pack       only bench/pack_bench.py
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    wanted = sys.argv[1:]
    status = 0
    for script in sorted(glob.glob(os.path.join(HERE, "*_bench.py"))):
        name = os.path.basename(script)[: -len("_bench.py")]
        if wanted and name not in wanted:
            continue
        print(f"== {name}", flush=True)
        status |= subprocess.call([sys.executable, script])
    sys.exit(status)
