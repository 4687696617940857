"""Prompt templates are data: loaded from ``prompts/``, rendered strictly, hashed.

A template that needs a variable the caller did not pass is an error naming the
variable, never a silent blank. Each template's SHA-256 travels with every brief and
eval run, so a result can always be traced to the exact wording that produced it:
:func:`chat` renders a request's messages together with the refs of the templates
they came from, and the Caller records those refs when it asks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
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


@cache
def load_template(template_id: str) -> Template:
    """Load ``prompts/<template_id>.j2`` shipped inside the package."""
    resource = resources.files("summarizer").joinpath("prompts", f"{template_id}.j2")
    try:
        source = resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PromptError(f"no prompt template named {template_id!r}") from exc
    try:
        parsed = _ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise PromptError(f"prompt {template_id!r} has a syntax error: {exc}") from exc
    return Template(
        id=template_id,
        source=source,
        sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        variables=frozenset(meta.find_undeclared_variables(parsed)),
    )


def render(template_id: str, **variables: Any) -> str:
    """Load and render a template in one step."""
    return load_template(template_id).render(**variables)


@dataclass(frozen=True)
class Chat:
    """The messages of one request and the templates (id and hash) they were rendered from."""

    messages: list[dict[str, str]]
    refs: tuple[PromptRef, ...]


def chat(template_id: str, **variables: Any) -> Chat:
    """The system prompt and the ``template_id`` user prompt, rendered, with their refs."""
    return Chat(
        messages=[
            {"role": "system", "content": render("system")},
            {"role": "user", "content": render(template_id, **variables)},
        ],
        refs=(load_template("system").ref, load_template(template_id).ref),
    )
