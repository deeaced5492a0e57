"""Which snapshot store a command opens: a named file, a PostgreSQL database, or the default.

``--store`` names a SQLite file or a ``postgresql://`` URL; without it, the repository's
own store (see :func:`scorecard.history.default_store_path`) is used, refused when any part
of its path is a symbolic link. Kept apart from both store modules so that neither imports
the other (the PostgreSQL store builds on the SQLite store's types).
"""

from __future__ import annotations

from pathlib import Path

from scorecard.history import SnapshotStore, default_store_path, refuse_links

__all__ = ["is_store_url", "open_store"]


def is_store_url(store: str | Path | None) -> bool:
    """Return True when ``--store`` names a PostgreSQL database rather than a file."""
    return isinstance(store, str) and store.startswith(("postgresql://", "postgres://"))


def open_store(root: Path, store: str | Path | None, *, create: bool = True,
               repository: str = "") -> SnapshotStore:
    """Open the store the user named, else the repository's default one (links refused).

    ``store`` is a file, or a ``postgresql://`` URL (see :mod:`scorecard.pgstore`); the
    snapshots read and written are those of ``repository`` (``''``: a per-repository
    store, or a database's snapshots of no named repository); for a database the caller
    names it (:func:`scorecard.org.repos.store_repository`).
    """
    if is_store_url(store):
        from scorecard.pgstore import PostgresStore  # psycopg is loaded only when used

        return PostgresStore(str(store), repository=repository, cache_root=root)
    if store is not None:
        return SnapshotStore(Path(store), create=create, repository=repository)
    path = default_store_path(root)
    refuse_links(path, root)
    return SnapshotStore(path, create=create, repository=repository)
