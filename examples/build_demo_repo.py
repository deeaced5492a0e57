"""Build a small demo repository with a year of history, to try scorecard on.

Usage: python examples/build_demo_repo.py DEMO_DIR
then:  scorecard scan DEMO_DIR   and   scorecard report DEMO_DIR --quarter 2026Q2 -o demo.html

The repository has a service with a hotspot that grows more complex every month, a module
that always changes with it (change coupling), an environment variable read in code but not
documented, an alert rule with a runbook that lacks its mitigation, and tests that follow
only some of the changes. Authors and dates are fixed, so every build is the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AUTHORS = [("Ada", "ada@example.com"), ("Grace", "grace@example.com")]


def git(root: Path, *args: str, date: str = "2025-07-01T10:00:00+00:00",
        author: tuple[str, str] = AUTHORS[0]) -> None:
    """Run git with a fixed identity and date, ignoring the user's configuration."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
           "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1],
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def handler(month: int) -> str:
    """Return the hotspot module: one more nested rule every month."""
    rules = "".join(f"    {'if' if i == 0 else 'elif'} kind == 'k{i}':\n"
                    f"        if amount > {i * 10}:\n            total += {i}\n"
                    for i in range(month + 2))
    return ('"""Order handling."""\nimport os\n\nTIMEOUT = 30\n'
            'REGION = os.environ.get("SHOP_REGION", "eu")\n\n\n'
            "def price(kind, amount, total=0):\n" + rules + "    return total\n")


def main() -> None:
    """Write the demo repository."""
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "scorecard-demo")
    root.mkdir(parents=True, exist_ok=False)
    git(root, "init", "-q", "-b", "main")
    files = {
        "README.md": "# Shop\n\n## Install\n\npip install shop\n\n## Usage\n\nshop serve\n",
        "alerts/rules.yaml": ("groups:\n- name: shop\n  rules:\n  - alert: ShopDown\n"
                              "    expr: up{job=\"shop\"} == 0\n    for: 5m\n"
                              "    labels: {severity: critical}\n"
                              "    annotations: {runbook_url: ../runbooks/ShopDown.md}\n"),
        "runbooks/ShopDown.md": ("# ShopDown\n\n## Meaning\n\nThe shop answers no request.\n\n"
                                 "## Impact\n\nCustomers cannot order.\n\n## Diagnosis\n\n"
                                 "```\nkubectl get pods -l app=shop\n```\n"),
        "tests/test_orders.py": "from shop.orders import price\n\n\ndef test_price():\n"
                                "    assert price('k0', 1) == 0\n",
        # Written once: the quiet files beside the busy ones.
        "shop/__init__.py": '"""The shop."""\n',
        "shop/catalog.py": ('"""Products."""\n\n\ndef find(items, name):\n'
                            '    """Return the item called name."""\n'
                            "    return next((i for i in items if i == name), None)\n"),
    }
    for month in range(12):
        date = f"2025-{month % 12 + 7:02d}-15T10:00:00+00:00" if month < 6 else \
            f"2026-{month - 5:02d}-15T10:00:00+00:00"
        files["shop/orders.py"] = handler(month)
        files["shop/pricing_table.py"] = f"RATES = {list(range(month + 3))}\n"
        if month % 3 == 0:
            files["tests/test_orders.py"] += f"\n\ndef test_{month}():\n    assert True\n"
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        author = AUTHORS[month % 2]
        git(root, "add", "-A", date=date, author=author)
        git(root, "commit", "-q", "-m", f"orders: month {month}", date=date, author=author)
    print(f"built {root}: try `scorecard scan {root}`")


if __name__ == "__main__":
    main()
