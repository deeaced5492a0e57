"""The per-file step: every override fact one Python module states (reads, names, records)."""
