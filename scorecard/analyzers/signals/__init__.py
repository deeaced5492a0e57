"""Operability and reliability signals: visibility, predictability, automation, tests.

The analyzer lives in ``scorecard.analyzers.signals.signals_analyzer``; this package init imports
nothing, so that its pure parts (facts, automation, test discovery) load on their own.
"""
