"""Where a suite's files live, from any directory: the suite, its cassettes, its baselines.

Public API::

    find_suite(name_or_path: str, *, search=(Path("evals/suites"),)) -> Path
    suite_paths(suite_dir, *, cassettes=None, baselines=None) -> SuitePaths
    starter_files() -> list[tuple[str, bytes]]
    init_suite(dest: str | Path) -> list[Path]

A suite is a directory of ``<id>.txt`` articles with ``<id>.gold.json`` labels. Its
recorded answers and blessed runs sit **beside it**: ``<suite>/cassettes/<model>.json`` and
``<suite>/baselines/<model>.json``. The project's own checkout keeps its historic layout,
``evals/suites/<name>`` with ``evals/cassettes/<name>/`` and ``evals/baselines/<name>/``;
a suite directory whose parent is ``suites`` next to a ``cassettes`` or ``baselines``
directory uses that layout. Paths given explicitly win over both.

``init_suite`` copies the starter suite that ships in the package (four team-written
articles with gold and the embedded model's recorded answers), so a new user can run
``summarizer eval run --suite DIR --replay`` in their first minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from summarizer.errors import ConfigError

CHECKOUT_SUITES = Path("evals/suites")
STARTER = "starter"


@dataclass(frozen=True)
class SuitePaths:
    """A suite directory and the folders holding its cassettes and baselines."""

    suite: Path
    cassettes: Path
    baselines: Path

    @property
    def name(self) -> str:
        """The suite's name: its directory's name."""
        return self.suite.resolve().name


def _known(search: tuple[Path, ...]) -> list[str]:
    names = {p.name for root in search if root.is_dir() for p in root.iterdir() if p.is_dir()}
    return sorted(names)


def find_suite(name_or_path: str, *, search: tuple[Path, ...] = (CHECKOUT_SUITES,)) -> Path:
    """A suite directory: a path that exists, or a name under ``evals/suites`` of a checkout.

    ConfigError names the known suites and how to make one when neither exists.
    """
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path
    for root in search:
        if (root / name_or_path).is_dir():
            return root / name_or_path
    known = ", ".join(_known(search)) or "none here"
    raise ConfigError(
        f"no suite {name_or_path!r} (known suites: {known}); give a suite directory, "
        "or make one with `summarizer eval init DIR`"
    )


def _checkout_layout(suite_dir: Path) -> Path | None:
    """``evals/`` when ``suite_dir`` is ``evals/suites/<name>`` of the project's layout."""
    root = suite_dir.resolve().parent
    if root.name != "suites":
        return None
    evals = root.parent
    if (evals / "cassettes").is_dir() or (evals / "baselines").is_dir():
        return evals
    return None


def suite_paths(
    suite_dir: str | Path,
    *,
    cassettes: str | Path | None = None,
    baselines: str | Path | None = None,
) -> SuitePaths:
    """The suite's folders: as given, else beside the suite (or the checkout's layout)."""
    suite = Path(suite_dir)
    evals = _checkout_layout(suite)
    if evals is not None:
        name = suite.resolve().name
        default_c, default_b = evals / "cassettes" / name, evals / "baselines" / name
    else:
        default_c, default_b = suite / "cassettes", suite / "baselines"
    return SuitePaths(
        suite=suite,
        cassettes=Path(cassettes) if cassettes is not None else default_c,
        baselines=Path(baselines) if baselines is not None else default_b,
    )


def starter_files() -> list[tuple[str, bytes]]:
    """(relative path, content) of every file of the packaged starter suite."""
    root = resources.files("summarizer.evaluate").joinpath(STARTER)
    out: list[tuple[str, bytes]] = []

    def walk(node: object, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):  # type: ignore[attr-defined]
            if child.name.startswith((".", "__")):
                continue
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            else:
                out.append((prefix + child.name, child.read_bytes()))

    walk(root, "")
    return out


def init_suite(dest: str | Path) -> list[Path]:
    """Copy the starter suite into ``dest`` (new or empty); the files written.

    Refuses (ConfigError) to write into a directory that already holds gold files.
    """
    target = Path(dest)
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{target} exists and is not a directory")
    if target.is_dir() and any(target.glob("*.gold.json")):
        raise ConfigError(f"{target} already holds a suite; choose a new directory")
    written = []
    for rel, data in starter_files():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
