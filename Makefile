# Everyday commands of this repository; CI runs `bash .ci/run` (install, tests, self-gate).
PYTHON ?= python

.PHONY: install test lint docs golden baseline badges selfcheck

install:  ## editable install with the test extras
	$(PYTHON) -m pip install -e ".[test]"

test:  ## the whole suite, as CI runs it
	$(PYTHON) -m pytest -q

lint:  ## ruff and mypy --strict (also checked by tests/test_code_quality.py)
	$(PYTHON) -m ruff check scorecard tests benchmarks scripts
	$(PYTHON) -m mypy --strict scorecard

docs:  ## regenerate docs/checks from the check files
	$(PYTHON) -m scorecard.checkdocs docs/checks

golden:  ## regenerate the golden reports after an intended change
	UPDATE_GOLDEN=1 $(PYTHON) -m pytest -q tests/test_html_report.py
	SCORECARD_REGENERATE_GOLDEN=1 $(PYTHON) -m pytest -q tests/test_comment_golden.py

baseline:  ## refresh the self-gate baseline from HEAD (commit first)
	SCORECARD_SKIP_ANALYZERS=history scorecard baseline --rev HEAD -o .scorecard-baseline.json

badges:  ## rewrite the README badges from a scan of this repository
	scorecard badge -o badges

selfcheck:  ## the self-gate CI runs: HEAD against the committed baseline
	SCORECARD_SKIP_ANALYZERS=history scorecard scan . --rev HEAD --baseline .scorecard-baseline.json
