"""End to end against a perfect model: what the full strategy's pipeline loses.

Every core gold article is briefed with ``--strategy full`` against the oracle server
(``tests/support/oracle_server.py``), which answers each call with the part of the
gold brief that cites the sentences the call shows. Scored against ``gold_brief`` (the
perfect brief, strict F1 1.0 by construction), per field:

- ``uncut``: one call per article with room for the whole answer (the oracle's answer
  as such; the reference);
- ``default``: the default settings (chunking, output cap, merge, grounding);
- ``context 2k``: ``context_tokens=2048`` (a small local model's window), so articles
  are chunked by input and the chunk drafts merged;
- ``cap N``: ``max_output_tokens=N`` (default 300), so answers are cut off and the
  pipeline must split chunks and merge the halves.

It prints strict F1 per field, the ratio to ``uncut``, and what was lost: the gold items
a run missed, with the oracle's note when it had to leave a claim out of a chunk (an
actor not named in the chunk's sentences). Run:
``python benchmarks/oracle_eval.py [--cap 300] [--ids a,b] [--out run.json]``; two
``--out`` files (say, before and after a prompt change) go to ``summarizer eval compare``
for the paired bootstrap CI of each field's change.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.oracle_server import CORE, OracleServer, oracle_settings  # noqa: E402

from summarizer import summarize  # noqa: E402
from summarizer.evaluate.gold import FIELDS, GoldArticle, gold_brief, load_suite  # noqa: E402
from summarizer.evaluate.metrics import ArticleScore, FieldScore, score_article  # noqa: E402
from summarizer.evaluate.run import run_suite  # noqa: E402

UNCUT = {"max_output_tokens": 100_000, "context_tokens": 1_000_000}


def run(
    server: OracleServer, articles: list[GoldArticle], **options: object
) -> tuple[list[ArticleScore], dict[str, list[str]], float]:
    """Scores of every article under ``options``, the oracle's notes, and wall seconds."""
    settings = oracle_settings(server, **options)
    scores, notes = [], {}
    started = time.perf_counter()
    for article in articles:
        first = len(server.answers)
        try:
            brief = summarize(article.text, settings=settings, title=article.title)
            scores.append(score_article(article, brief))
        except Exception as exc:
            scores.append(score_article(article, None, error=f"{type(exc).__name__}: {exc}"))
        answers = server.answers[first:]
        notes[article.id] = sorted({d for a in answers for d in a.dropped})
        notes[article.id] += [
            f"{len(answers)} calls, {sum(a.finish_reason == 'length' for a in answers)} cut off"
        ]
    return scores, notes, time.perf_counter() - started


def per_field(scores: list[ArticleScore]) -> dict[str, float]:
    """Strict F1 per field and over all fields, micro-averaged over the suite."""
    out, total = {}, FieldScore()
    for name in FIELDS:
        summed = FieldScore()
        for s in scores:
            summed = summed + s.fields[name]
        out[name] = summed.strict_f1
        total = total + summed
    out["all"] = total.strict_f1
    return out


def losses(scores: list[ArticleScore], notes: dict[str, list[str]]) -> list[str]:
    """One line per gold item a run missed, and per extra prediction."""
    lines = []
    for s in scores:
        if s.error:
            lines.append(f"{s.id}: no brief: {s.error[:160]}")
            continue
        for m in s.matches:
            if m.gold_id and not (m.matched and m.actor_ok is not False):
                lines.append(f"{s.id}: missed {m.gold_id} ({(m.gold_text or '')[:60]!r})")
            elif m.gold_id is None:
                lines.append(f"{s.id}: extra {m.field} ({(m.pred_text or '')[:60]!r})")
        if any(not n.endswith("cut off") for n in notes.get(s.id, [])) and s.strict_f1 < 1:
            lines += [f"{s.id}:   oracle: {n}" for n in notes[s.id]]
    return lines


def main() -> None:
    """Run the three configurations and print the table and the losses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=int, default=300, help="max_output_tokens of the cut run")
    parser.add_argument("--ids", help="comma-separated article ids (default: all)")
    parser.add_argument(
        "--out", type=Path, help="also write the default run as an eval run file (for compare)"
    )
    args = parser.parse_args()
    articles = load_suite(CORE)
    if args.ids:
        articles = [a for a in articles if a.id in args.ids.split(",")]
    perfect = per_field([score_article(a, gold_brief(a)) for a in articles])
    rows = {"gold_brief": (perfect, {}, 0.0)}
    with OracleServer(articles) as server:
        for label, options in (
            ("uncut", UNCUT),
            ("default", {}),
            ("context 2k", {"context_tokens": 2048}),
            (f"cap {args.cap}", {"max_output_tokens": args.cap}),
        ):
            scores, notes, wall = run(server, articles, **options)
            rows[label] = (per_field(scores), notes, wall, scores)
        if args.out:
            ids = [a.id for a in articles]
            settings = oracle_settings(server)
            run_suite(CORE, settings=settings, mode="live", ids=ids, out_path=args.out)
    uncut = rows["uncut"][0]
    print(f"{len(articles)} core articles; strict F1 against gold_brief, micro over the suite")
    print(f"{'run':12s} " + " ".join(f"{f:>14s}" for f in (*FIELDS, "all")) + "   vs uncut   wall")
    for label, (f1, *rest) in rows.items():
        ratio = f1["all"] / uncut["all"] if uncut["all"] else float("nan")
        wall = f"{rest[1]:5.1f} s" if len(rest) > 1 and rest[1] else ""
        cells = " ".join(f"{f1[f]:14.3f}" for f in (*FIELDS, "all"))
        print(f"{label:12s} {cells}   {ratio:7.3f}   {wall}")
    for label in ("default", "context 2k", f"cap {args.cap}"):
        _f1, notes, _wall, scores = rows[label]
        lost = losses(scores, notes)
        print(f"\nlost in '{label}': {len(lost)} line(s)")
        for line in lost:
            print("  " + line)


if __name__ == "__main__":
    main()
