"""The results store and the leaderboard.

Every `hpccoder run` and `hpccoder evaluate` records its run (settings, hardware, tool
versions, times, every sample's result) in a store: a SQLite file by default, any
SQLAlchemy URL by option. `hpccoder leaderboard` ranks the recorded runs, compares two of
them task by task, and writes a static web leaderboard.

    store.py        the tables and the one place that writes them (one transaction a run)
    rundir.py       a run folder (run.json, results.jsonl, samples.jsonl) read into one record
    machine.py      what a run ran on
    leaderboard.py  ranked tables and run-to-run comparison, as text, CSV, JSON or Markdown
    html.py         the static site (charts are SVG drawn here; sorting is static/site.js)
    verify.py       part of a run folder evaluated again with its settings, and compared
    cli.py          `hpccoder leaderboard ...` and the recording options of run/evaluate
"""
