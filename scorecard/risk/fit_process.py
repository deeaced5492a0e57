"""The risk model's fitting process: load scikit-learn first, then fit what the scan sends.

:mod:`scorecard.risk.warm` starts this module as ``python -I -m scorecard.risk.fit_process``
when a scan begins, at the lowest CPU priority, so that loading scikit-learn (the risk
step's main cost) fills a core the scan leaves idle. It says ``ready`` when the import is
done, then reads one JSON line from stdin, ``{"rows": [[...], ...], "labels":
[...]}``, and writes one, ``{"coefficients": [...], "intercept": x}``. Floats cross as
their shortest repr, which JSON reads back exactly, so the result equals an in-process fit.
End of input without a line means the scan did not need a fit: the process exits quietly.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys

# The lowest CPU priority: the import should fill the time a core would be idle (while the
# scan's main process summarises on one core), not slow the workers analysing files.
if hasattr(os, "nice"):
    with contextlib.suppress(OSError):
        os.nice(19)

from scorecard.risk.regression import fit_poisson  # noqa: E402 - the import done early on purpose
from scorecard.risk.warm import READY  # noqa: E402

MAX_REQUEST_BYTES = 64 << 20  # a training set is rows x 6 numbers; bound what is read


def main() -> int:
    """Say the import is done, serve one fit; return the exit status."""
    sys.stdout.buffer.write(READY)
    sys.stdout.buffer.flush()
    line = sys.stdin.buffer.readline(MAX_REQUEST_BYTES)
    if not line.strip():
        return 0
    request = json.loads(line)
    rows = [[float(value) for value in row] for row in request["rows"]]
    labels = [int(label) for label in request["labels"]]
    coefficients, intercept = fit_poisson(rows, labels)
    sys.stdout.write(json.dumps({"coefficients": coefficients, "intercept": intercept}) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    # Nothing is left to clean up; tearing down SciPy's and scikit-learn's modules at exit
    # would keep the scan waiting for this process's end (a quarter of a second).
    os._exit(status)
