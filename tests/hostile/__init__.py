"""The hostile-repository suite: bad input, never execute or write, fuzzing, bounds, safety."""
