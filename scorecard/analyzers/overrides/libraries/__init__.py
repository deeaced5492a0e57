"""Option and settings libraries: how each makes a value overridable, resolved across modules."""
