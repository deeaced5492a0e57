"""Allow ``python -m scorecard``."""

from scorecard.launch import main

# Guarded: a process started by multiprocessing's spawn (a Dask worker of `org scan`)
# imports the main module under another name, and must not run the command line again.
if __name__ == "__main__":
    main()
