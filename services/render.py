"""HTML → PDF with WeasyPrint: one Jinja environment, parsed stylesheets, one font config.

Documents are rendered with a lean user-agent stylesheet (templates/pdf/ua.css) in place of
WeasyPrint's HTML5 one, through `HTML._ua_stylesheets`, the hook WeasyPrint itself uses to
choose it (a private method: tests/test_render.py fails if it stops being called).

The template version is a hash of the files in templates/pdf/, so changing a template
invalidates cached documents without anyone having to remember to bump a number.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services import formats

log = logging.getLogger(__name__)

PDF_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pdf"


@cache
def template_version() -> str:
    """A short hash of every PDF template, stylesheet and font (read once per process)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PDF_TEMPLATES.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(PDF_TEMPLATES)).encode() + path.read_bytes())
    return digest.hexdigest()[:10]


@cache
def _environment() -> Environment:
    """The Jinja environment of the PDF templates, with the pt-BR filters."""
    env = Environment(
        loader=FileSystemLoader(PDF_TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        brl=formats.brl,
        number=formats.number,
        day=formats.day,
        moment=formats.moment,
        reference=formats.reference,
    )
    return env


@cache
def _weasy() -> tuple[Any, Any, Any]:
    """The document stylesheet, font configuration and HTML class, built once per process."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=str(PDF_TEMPLATES / "document.css"), font_config=fonts)
    user_agent = [CSS(filename=str(PDF_TEMPLATES / "ua.css"), font_config=fonts)]

    class DocumentHTML(HTML):  # type: ignore[misc]
        """HTML with the lean user-agent stylesheet."""

        def _ua_stylesheets(self, *args: Any, **kwargs: Any) -> list[Any]:
            """The lean sheet, in place of WeasyPrint's (forms are never rendered)."""
            return user_agent

    # The font configuration copies the @font-face files to a temporary folder that it removes
    # when collected; collected during interpreter shutdown it fails and leaves the folder.
    atexit.register(_weasy.cache_clear)
    return css, fonts, DocumentHTML


def render_html(template: str, context: dict[str, Any]) -> str:
    """The document's HTML."""
    return _environment().get_template(template).render(**context)


def html_to_pdf(html: str) -> bytes:
    """Lay out and write the PDF."""
    css, fonts, document_html = _weasy()
    return document_html(string=html, base_url=str(PDF_TEMPLATES)).write_pdf(
        stylesheets=[css], font_config=fonts
    )


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render `template` with `context` to PDF bytes."""
    return html_to_pdf(render_html(template, context))
