"""HTML → PDF with WeasyPrint: one Jinja environment, parsed stylesheets, one font config.

Documents are rendered with a lean user-agent stylesheet (templates/pdf/ua.css) in place of
WeasyPrint's HTML5 one, through `HTML._ua_stylesheets`, the hook WeasyPrint itself uses to
choose it (a private method: tests/test_render.py fails if it stops being called).

Drawings (barcode, QR codes) reach WeasyPrint from memory, as `drawing:<name>` URLs served by
`DrawingFetcher`; the fetcher refuses every other URL, so rendering a document never reads a
file or the network, and a drawing that is missing stops the render instead of leaving a blank.

The template version is a hash of the files in templates/pdf/, so changing a template
invalidates cached documents without anyone having to remember to bump a number.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.core import formats

log = logging.getLogger(__name__)

PDF_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pdf"
DRAWING = "drawing:"


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


class MissingResource(ValueError):
    """The document asks for something other than one of its drawings."""


@cache
def _fetcher_class() -> type:
    """`DrawingFetcher`, defined on first use so that importing this module stays light."""
    from email.message import EmailMessage

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    png = EmailMessage()
    png["Content-Type"] = "image/png"

    class DrawingFetcher(URLFetcher):  # type: ignore[misc]
        """Serves `drawing:<name>` from memory and refuses any other URL (fatally); `fetch`
        is all WeasyPrint calls, so urllib's handlers are never used."""

        def __init__(self, drawings: Mapping[str, bytes]) -> None:
            """Fail on errors: a document without its barcode must not be produced."""
            super().__init__(fail_on_errors=True)
            self._drawings = drawings

        def fetch(self, url: str, headers: Any = None) -> Any:
            """The named drawing, as a PNG response."""
            name = url.removeprefix(DRAWING)
            if name == url or name not in self._drawings:
                raise ValueError(f"documents load nothing but their drawings, not {url[:80]!r}")
            return URLFetcherResponse(url, self._drawings[name], png)

    return DrawingFetcher


def render_html(template: str, context: dict[str, Any]) -> str:
    """The document's HTML."""
    return _environment().get_template(template).render(**context)


def html_to_pdf(html: str, drawings: Mapping[str, bytes] | None = None) -> bytes:
    """Lay out and write the PDF; `<img src="drawing:NAME">` shows the PNG `drawings[NAME]`."""
    from weasyprint.urls import FatalURLFetchingError  # a BaseException: not for our callers

    css, fonts, document_html = _weasy()
    fetcher = _fetcher_class()(drawings or {})
    try:
        with collection_paused():
            return document_html(
                string=html, base_url=str(PDF_TEMPLATES), url_fetcher=fetcher
            ).write_pdf(stylesheets=[css], font_config=fonts)
    except FatalURLFetchingError as error:
        raise MissingResource(str(error.__cause__ or error)) from error


@contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic garbage collection off for the block; after it, one young collection.

    A render builds tens of thousands of objects that all live until the PDF is written;
    collections triggered meanwhile walk that live tree again and again and free nothing.
    Reference counting frees most of it at the end; one collection of the young generation
    then frees the cycles, so the render pays for its own garbage, once. Left alone when
    someone else had turned collection off. The switch is process-wide: with renders in
    several threads (the in-process queue), a render started while another has collection
    off leaves it to that one, and other threads' cyclic garbage waits for the young
    collection at the end of a render (a stress test: more garbage waiting, all collectable).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render `template` with `context` (its `drawings`, PNGs by name) to PDF bytes."""
    return html_to_pdf(render_html(template, context), context.get("drawings"))
