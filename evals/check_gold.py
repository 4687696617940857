"""Validate the hand-labelled gold files of the project's eval suites (``evals/suites``).

The checks live in the package (``summarizer.evaluate.check``; ``summarizer eval check
DIR`` runs them on any suite); this script runs them over every suite of the checkout,
prints one line per problem and exits 1 if any were found, then prints the word count of
every article (suites, examples and long article).

Usage: python evals/check_gold.py
"""

import sys
from pathlib import Path

from summarizer.evaluate.check import check_suite, word_count

ROOT = Path(__file__).resolve().parent.parent
SUITES = ROOT / "evals" / "suites"


def main():
    result = check_suite(SUITES, root=ROOT)
    for line in result.problems:
        print(line)
    print(f"checked {result.files} gold files: {len(result.problems)} problem(s)")
    print("word counts:")
    articles = sorted(SUITES.rglob("*.txt"))
    articles += sorted((ROOT / "examples").rglob("*.txt"))
    articles += sorted((ROOT / "evals" / "long").glob("*.txt"))
    for txt in articles:
        print(f"  {word_count(txt.read_text(encoding='utf-8')):6d}  {txt.relative_to(ROOT)}")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
