"""Say what the history lacks when git could not read some of its objects.

The window is then read around those objects (:mod:`scorecard.repo.salvage`): revisions,
authors and coupling come from every commit git could read, and line counts are missing
for the files whose versions it could not read. This module words that for the report (one
note, given as a problem and in ``details.history.unreadable``).
"""

from __future__ import annotations

from typing import Any

from scorecard.repo.salvage import Damage
from scorecard.wording import counted

__all__ = ["unread_note", "unread_row"]


def _short(object_id: str) -> str:
    """Return an object id as git abbreviates it in messages people read."""
    return object_id[:12]


def _stop(damage: Damage) -> str:
    """Say where history ends when a commit or tree could not be read ("" when none did)."""
    stop = damage.stop
    if stop is None:
        return ""
    what = f"{stop.kind or 'object'} {_short(stop.object_id)}"
    if not damage.oldest_read:
        return f"no commit of the window could be read whole ({what} behind the newest is lost)"
    return (f"history stops at commit {_short(damage.oldest_read)}: git could not read "
            f"{what} behind it, so older commits of the window are left out")


def unread_note(damage: Damage, uncounted_files: int) -> str:
    """Return the report's sentence: what git could not read and what the history lacks."""
    cause = damage.first.cause
    lacks = []
    if uncounted_files:
        lacks.append(f"line counts are missing for {counted(uncounted_files, 'file')}")
        if damage.exact_renames:
            lacks.append("renames with edits are not followed in the commits that read them")
    stop = _stop(damage)
    if stop:
        lacks.append(stop)
    if damage.stop is None:
        lacks.append("revisions, authors and coupling are complete")
    elif damage.oldest_read:
        lacks.append("revisions, authors and coupling come from the newer commits")
    return (f"git could not read {counted(damage.objects, 'object')} of the history "
            f"({cause.words}): {'; '.join(lacks)} ({cause.remedy})")


def unread_row(damage: Damage, uncounted_files: int) -> dict[str, Any]:
    """Return ``details.history.unreadable``: the note and what it is made of."""
    return {"note": unread_note(damage, uncounted_files), "cause": damage.first.cause.words,
            "objects": damage.objects, "first_object": damage.first.object_id,
            "files_without_line_counts": uncounted_files,
            "history_stops_at": damage.oldest_read or None}
