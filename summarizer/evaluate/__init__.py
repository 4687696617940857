"""The eval harness: gold loading, scoring, suite runs, paired comparison and reports.

Only the CLI imports this package; the pipeline never does. Entry points:

* :func:`summarizer.evaluate.gold.load_suite` — gold articles of one suite directory;
* :func:`summarizer.evaluate.metrics.score_article` — score one brief against its gold;
* :func:`summarizer.evaluate.run.run_suite` — brief every article, score, write a run file;
* :func:`summarizer.evaluate.compare.compare_runs` — paired bootstrap of two runs, the gate;
* :func:`summarizer.evaluate.compare.promote` — copy a run to the baselines directory;
* :func:`summarizer.evaluate.report.write_report` — self-contained HTML plus Markdown.

Submodules are imported on demand so that scoring does not pull in the pipeline.
"""
