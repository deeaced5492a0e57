"""The repository's own files: documentation, deployment files, data files, the names inventory."""
