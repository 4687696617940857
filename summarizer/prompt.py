"""Prompt templates are data: loaded from ``prompts/``, rendered strictly, hashed.

A template that needs a variable the caller did not pass is an error naming the
variable, never a silent blank. Each template's SHA-256 travels with every brief and
eval run, so a result can always be traced to the exact wording that produced it:
:func:`chat` renders a request's messages together with the refs of the templates
they came from, and the Caller records those refs when it asks.

The packaged templates form a set a user may override: a directory
(``Settings.prompts_dir``: ``--prompts DIR`` or ``SUMMARIZER_PROMPTS``) whose
``<name>.j2`` files replace the packaged templates of the same name; a name it lacks
falls back to the packaged one. The hash is always that of the text actually used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from summarizer.errors import PromptError
from summarizer.schema import PromptRef

_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Template:
    """A loaded prompt template with its identity."""

    id: str
    source: str
    sha256: str
    variables: frozenset[str]

    @property
    def ref(self) -> PromptRef:
        """The id and hash recorded in a brief's metadata."""
        return PromptRef(id=self.id, sha256=self.sha256)

    def render(self, **variables: Any) -> str:
        """Render with exactly the variables the template uses; a missing one is an error."""
        missing = sorted(self.variables - variables.keys())
        if missing:
            raise PromptError(f"prompt {self.id!r} is missing variable(s): {', '.join(missing)}")
        try:
            return _compiled(self.source).render(**variables).strip()
        except jinja2.UndefinedError as exc:
            raise PromptError(f"prompt {self.id!r}: {exc.message}") from exc


@cache
def _compiled(source: str) -> jinja2.Template:
    # Compiling costs milliseconds; a batch renders the same few templates thousands of times.
    return _ENV.from_string(source)


def packaged_names() -> list[str]:
    """The names of the templates that ship with the package, sorted."""
    folder = resources.files("summarizer").joinpath("prompts")
    return sorted(p.name[: -len(".j2")] for p in folder.iterdir() if p.name.endswith(".j2"))


def packaged_source(template_id: str) -> str:
    """The text of a packaged template (PromptError if there is none of that name)."""
    resource = resources.files("summarizer").joinpath("prompts", f"{template_id}.j2")
    try:
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PromptError(f"no prompt template named {template_id!r}") from exc


def check_prompts_dir(prompts_dir: str | Path) -> Path:
    """``prompts_dir`` as a Path, or a PromptError when it is not a directory."""
    path = Path(prompts_dir)
    if not path.is_dir():
        raise PromptError(f"prompts directory not found: {path}")
    return path


def override_path(template_id: str, prompts_dir: str | Path | None) -> Path | None:
    """The file in ``prompts_dir`` that overrides ``template_id``, if there is one."""
    if prompts_dir is None:
        return None
    candidate = check_prompts_dir(prompts_dir) / f"{template_id}.j2"
    return candidate if candidate.is_file() else None


def load_template(template_id: str, prompts_dir: str | Path | None = None) -> Template:
    """``<prompts_dir>/<template_id>.j2`` if it exists, else the packaged template."""
    path = override_path(template_id, prompts_dir)
    if path is None:
        return _packaged(template_id)
    # Read each time (a file read is cheap): an edited override is never served stale.
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"cannot read prompt template {path}: {exc}") from exc
    return _parsed(template_id, source, where=str(path))


@cache
def _packaged(template_id: str) -> Template:
    return _parsed(template_id, packaged_source(template_id), where=template_id)


@cache
def _parsed(template_id: str, source: str, where: str) -> Template:
    try:
        parsed = _ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise PromptError(f"prompt {where!r} has a syntax error: {exc}") from exc
    return Template(
        id=template_id,
        source=source,
        sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        variables=frozenset(meta.find_undeclared_variables(parsed)),
    )


def _clear_caches() -> None:
    _packaged.cache_clear()
    _parsed.cache_clear()


# Tests drop the parsed templates between checks, as they did when load_template was cached.
load_template.cache_clear = _clear_caches  # type: ignore[attr-defined]


def prompt_set(prompts_dir: str | Path | None = None) -> list[tuple[Template, Path | None]]:
    """Every packaged template as used with ``prompts_dir``: (template, override file)."""
    return [
        (load_template(name, prompts_dir), override_path(name, prompts_dir))
        for name in packaged_names()
    ]


def unknown_overrides(prompts_dir: str | Path | None) -> list[str]:
    """Files in ``prompts_dir`` that override nothing (a typo, say ``ful.j2``)."""
    if prompts_dir is None:
        return []
    known = set(packaged_names())
    files = sorted(check_prompts_dir(prompts_dir).glob("*.j2"))
    return [p.name for p in files if p.name[: -len(".j2")] not in known]


def set_fingerprint(prompts_dir: str | Path | None) -> str | None:
    """A hash of the overriding templates (None without overrides): part of cache keys."""
    if prompts_dir is None:
        return None
    digest = hashlib.sha256()
    for template, path in prompt_set(prompts_dir):
        if path is not None:
            digest.update(f"{template.id}={template.sha256};".encode())
    return digest.hexdigest()


def render(template_id: str, prompts_dir: str | Path | None = None, **variables: Any) -> str:
    """Load and render a template in one step."""
    return load_template(template_id, prompts_dir).render(**variables)


@dataclass(frozen=True)
class Chat:
    """The messages of one request and the templates (id and hash) they were rendered from."""

    messages: list[dict[str, str]]
    refs: tuple[PromptRef, ...]


def chat(template_id: str, *, prompts_dir: str | Path | None = None, **variables: Any) -> Chat:
    """The system prompt and the ``template_id`` user prompt, rendered, with their refs.

    ``prompts_dir`` (``Settings.prompts_dir``) overrides templates by name.
    """
    system = load_template("system", prompts_dir)
    user = load_template(template_id, prompts_dir)
    return Chat(
        messages=[
            {"role": "system", "content": system.render()},
            {"role": "user", "content": user.render(**variables)},
        ],
        refs=(system.ref, user.ref),
    )
