"""Where a perfect model's output tokens go, and how many it needs per input sentence.

Briefs every core gold article with ``--strategy full`` against the oracle server
(``tests/support/oracle_server.py``) at the default settings, then prints:

- per article: sentences shown, input tokens (the numbered article as shown), output
  tokens of the brief (summed over its calls), and output per sentence / per input token;
- the output rate per input sentence and per input token over the suite (median, p90,
  max): the figure for sizing chunks by the output they will need;
- where the output tokens go: each key's name and values, nulls, aliases that only
  repeat the actor's name, the summary, and JSON punctuation.

Tokens are counted with the rule ``support.tokens.rule()`` names (o200k_base when a
tokenizer is installed). Run: ``python benchmarks/oracle_tokens.py [--json OUT]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import tokens  # noqa: E402
from support.oracle_server import CORE, OracleServer, oracle_settings, shown_sentences  # noqa: E402

from summarizer import summarize  # noqa: E402
from summarizer.evaluate.gold import load_suite  # noqa: E402

PUNCTUATION = "JSON punctuation (quotes, braces, commas)"


def _labelled(value: Any, path: str = "", name: str | None = None) -> list[tuple[str, str]]:
    """Compact JSON of ``value`` as (text, label) pieces: key names, values by path,
    nulls, aliases that repeat the actor's name, and punctuation."""
    if isinstance(value, dict):
        out: list[tuple[str, str]] = [("{", PUNCTUATION)]
        name = value.get("name") if path == "actors[]" else name
        for i, (key, v) in enumerate(value.items()):
            where = f"{path}.{key}" if path else key
            out += [("," if i else "", PUNCTUATION), ('"', PUNCTUATION)]
            out += [(key, f"key names: {where}"), ('":', PUNCTUATION)]
            out += _labelled(v, where, name)
        return [*out, ("}", PUNCTUATION)]
    if isinstance(value, list):
        out = [("[", PUNCTUATION)]
        for i, v in enumerate(value):
            out += [("," if i else "", PUNCTUATION), *_labelled(v, path + "[]", name)]
        return [*out, ("]", PUNCTUATION)]
    if value is None:
        return [("null", f"nulls: {path}")]
    label = f"values: {path}"
    if path == "actors[].aliases[]" and value == name:
        label = "aliases repeating the name"
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return [('"', PUNCTUATION), (text[1:-1], label), ('"', PUNCTUATION)]
    return [(text, label)]


def breakdown(answer: str, into: Counter[str]) -> None:
    """Add each token of one answer to the part it mostly spells (a key name, a value,
    a null, a repeated name), or to punctuation when it spells none."""
    labels: list[str] = []
    for text, label in _labelled(json.loads(answer)):
        labels += [label] * len(text.encode("utf-8"))
    at = 0
    for piece in tokens.pieces(
        json.dumps(json.loads(answer), ensure_ascii=False, separators=(",", ":"))
    ):
        mine = Counter(x for x in labels[at : at + len(piece)] if x != PUNCTUATION)
        into[mine.most_common(1)[0][0] if mine else PUNCTUATION] += 1
        at += len(piece)


def main() -> None:
    """Brief the core suite against the oracle and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--context-tokens", type=int, help="e.g. 2048 to brief in chunks")
    args = parser.parse_args()
    articles = load_suite(CORE)
    rows, parts = [], Counter()
    with OracleServer(articles) as server:
        options = {"context_tokens": args.context_tokens} if args.context_tokens else {}
        settings = oracle_settings(server, **options)
        for article in articles:
            first = len(server.requests)
            summarize(article.text, settings=settings, title=article.title)
            requests, answers = server.requests[first:], server.answers[first:]
            shown = {i: s for r in requests for i, s in shown_sentences(r)}
            listing = "\n".join(f"[{i}] {s}" for i, s in sorted(shown.items()))
            out = sum(a.completion_tokens for a in answers)
            for a in answers:
                breakdown(a.content, parts)
            rows.append(
                {
                    "article": article.id,
                    "sentences": len(shown),
                    "input_tokens": tokens.count(listing),
                    "output_tokens": out,
                    "calls": len(answers),
                }
            )
    print(f"token rule: {tokens.rule()}; options: {options or 'defaults'}")
    print(f"{'article':38s} {'sent':>4s} {'in':>5s} {'out':>5s} {'out/sent':>8s} {'out/in':>6s}")
    for r in rows:
        r["per_sentence"] = r["output_tokens"] / r["sentences"]
        r["per_input_token"] = r["output_tokens"] / r["input_tokens"]
        print(
            f"{r['article']:38s} {r['sentences']:4d} {r['input_tokens']:5d} "
            f"{r['output_tokens']:5d} {r['per_sentence']:8.1f} {r['per_input_token']:6.3f}"
        )
    total = sum(r["output_tokens"] for r in rows)
    summary = {
        "token_rule": tokens.rule(),
        "briefs": len(rows),
        "output_tokens": total,
        "per_brief_mean": total / len(rows),
    }
    print(f"\noutput tokens: {total} over {len(rows)} briefs, {total / len(rows):.1f} per brief")
    for key in ("per_sentence", "per_input_token"):
        values = sorted(r[key] for r in rows)
        p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
        pooled = total / sum(
            r["sentences" if key == "per_sentence" else "input_tokens"] for r in rows
        )
        summary[key] = {
            "median": statistics.median(values),
            "p90": p90,
            "max": values[-1],
            "pooled": pooled,
        }
        print(
            f"output {key.replace('_', ' ')}: median {statistics.median(values):.3f}, "
            f"p90 {p90:.3f}, max {values[-1]:.3f}, pooled {pooled:.3f}"
        )
    print("\nwhere the output tokens go:")
    whole = sum(parts.values())
    for label, n in parts.most_common():
        print(f"  {n:6d}  {100 * n / whole:5.1f} %  {label}")
    summary["breakdown"] = dict(parts.most_common())
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "articles": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
