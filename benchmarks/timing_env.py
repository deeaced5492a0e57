"""Time scorecard as a user's installation runs it: its modules already compiled to bytecode.

pip compiles every module of a wheel it installs, so an installed ``scorecard`` never
compiles its source at start-up, and neither do radon or lizard, the peer tools these
benchmarks compare with. An editable install (what a checkout usually runs) compiles on
first import and keeps the result in ``__pycache__``, unless ``PYTHONDONTWRITEBYTECODE`` is
set: then every process (the scan, its worker processes, the risk model's fitter, each Dask
worker) compiles about 230 modules again, some 0.2 s of CPU each time, which no user pays.
The timing scripts call :func:`compile_scorecard` first so that every figure is taken with
the bytecode a pip installation has.
"""

from __future__ import annotations

import compileall
import importlib.util
import sys
from pathlib import Path

__all__ = ["compile_scorecard"]


def compile_scorecard(source: Path | None = None) -> Path:
    """Compile scorecard's modules to bytecode; return the package folder.

    ``source``: a source tree holding a ``scorecard`` package (as run with ``PYTHONPATH``);
    by default the package this Python imports.
    """
    if source is not None:
        package = source / "scorecard"
    else:
        spec = importlib.util.find_spec("scorecard")
        if spec is None or spec.origin is None:
            raise SystemExit("scorecard is not importable: install it first (pip install -e .)")
        package = Path(spec.origin).parent
    if not compileall.compile_dir(package, quiet=1):
        print(f"warning: some modules under {package} did not compile", file=sys.stderr)
    return package
