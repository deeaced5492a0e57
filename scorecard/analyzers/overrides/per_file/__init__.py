"""What the per-file step shares: the file's facts, its names, env reads and records."""
