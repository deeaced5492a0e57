"""Many repositories: ``scorecard org scan`` on Dask, a shared store, ``scorecard org report``.

- :mod:`scorecard.org.repos` reads the list of repositories (a REPOS file or a GitHub org)
  and refuses sources that are not plain remote repositories or local folders;
- :mod:`scorecard.repo.clones` clones and updates them (blobless partial clones) with the
  hardened git environment of :mod:`scorecard.repo.gitcmd`, every call under a deadline;
- :mod:`scorecard.org.task` is the Dask task: one repository, its scan in a child process
  with a timeout and a memory limit;
- :mod:`scorecard.org.run` drives the batch (retry once, resume, progress);
- :mod:`scorecard.org.report` builds the portfolio page and its JSON and CSV exports.
"""
