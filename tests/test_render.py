"""The WeasyPrint set-up of services/render.py: the lean user-agent stylesheet is in use."""

from __future__ import annotations

import io

from pypdf import PdfReader

from services.render import html_to_pdf

PAGE = "<html><body><h1>Título</h1><h2>Seção</h2><p>Texto</p></body></html>"


def test_documents_use_the_lean_user_agent_stylesheet() -> None:
    """WeasyPrint's own sheet bookmarks every heading; ua.css does not, so none appear.

    If a WeasyPrint upgrade stops calling `HTML._ua_stylesheets`, this fails (documents would
    still render the same, only slower).
    """
    reader = PdfReader(io.BytesIO(html_to_pdf(PAGE)))
    assert reader.outline == []
    assert "Título" in reader.pages[0].extract_text()


def test_the_full_user_agent_stylesheet_would_bookmark_headings() -> None:
    """The check above means something: plain WeasyPrint does add the bookmarks."""
    from weasyprint import HTML

    reader = PdfReader(io.BytesIO(HTML(string=PAGE).write_pdf()))
    assert reader.outline[0].title == "Título"
