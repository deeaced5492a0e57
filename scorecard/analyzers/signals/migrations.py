"""Can a schema migration be rolled back? Alembic and Django migrations, read from the tree.

- Alembic: a revision file (module-level ``revision`` and ``def upgrade``) is reversible when
  ``downgrade`` exists and does something: a body of only ``pass``, ``...``, a docstring or
  ``raise NotImplementedError`` cannot roll anything back.
- Django: a ``class Migration(migrations.Migration)`` is reversible unless an operation
  cannot be reversed: ``RunPython`` without a reverse function or ``RunSQL`` without reverse
  SQL (Django raises IrreversibleError for both). Schema operations reverse themselves.
"""

from __future__ import annotations

import ast
from typing import Any

__all__ = ["migration_facts"]


def _assigned_names(tree: ast.Module) -> set[str]:
    """Return the module-level names bound by simple assignments."""
    names: set[str] = set()
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else (
            [statement.target] if isinstance(statement, ast.AnnAssign) else [])
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _does_nothing(function: ast.FunctionDef) -> bool:
    """Return True for bodies of pass, ..., docstrings or raise NotImplementedError."""
    for statement in function.body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.Raise) and statement.exc is not None:
            exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                continue
        return False
    return True


def _alembic(tree: ast.Module) -> dict[str, Any] | None:
    functions = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
    if "upgrade" not in functions or "revision" not in _assigned_names(tree):
        return None
    downgrade = functions.get("downgrade")
    if downgrade is None:
        return {"kind": "alembic", "reversible": False, "line": functions["upgrade"].lineno,
                "why": "no downgrade()"}
    if _does_nothing(downgrade):
        return {"kind": "alembic", "reversible": False, "line": downgrade.lineno,
                "why": "downgrade() does nothing"}
    return {"kind": "alembic", "reversible": True, "line": downgrade.lineno, "why": ""}


def _is_django_migration(node: ast.ClassDef) -> bool:
    return node.name == "Migration" and any(
        (isinstance(b, ast.Attribute) and b.attr == "Migration")
        or (isinstance(b, ast.Name) and b.id == "Migration") for b in node.bases)


def _irreversible_operation(call: ast.Call) -> str:
    """Return 'RunPython' / 'RunSQL' when the operation has no reverse, else ''."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else (
        func.id if isinstance(func, ast.Name) else "")
    keyword = {"RunPython": "reverse_code", "RunSQL": "reverse_sql"}.get(name)
    if keyword is None:
        return ""
    reverse = call.args[1] if len(call.args) > 1 else next(
        (k.value for k in call.keywords if k.arg == keyword), None)
    if reverse is None or (isinstance(reverse, ast.Constant) and reverse.value is None):
        return name
    return ""


def _django(tree: ast.Module) -> dict[str, Any] | None:
    for statement in tree.body:
        if isinstance(statement, ast.ClassDef) and _is_django_migration(statement):
            for node in ast.walk(statement):
                if isinstance(node, ast.Call):
                    operation = _irreversible_operation(node)
                    if operation:
                        return {"kind": "django", "reversible": False, "line": node.lineno,
                                "why": f"{operation} without a reverse"}
            return {"kind": "django", "reversible": True, "line": statement.lineno, "why": ""}
    return None


def migration_facts(tree: ast.Module) -> dict[str, Any] | None:
    """Return the migration kind and whether it can be rolled back, or None."""
    return _alembic(tree) or _django(tree)
