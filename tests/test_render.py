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


def font_names(pdf: bytes) -> set[str]:
    """The BaseFont of every font the PDF's first page uses."""
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}


def test_documents_embed_the_subset_fonts_and_fall_back_for_other_characters() -> None:
    """Text is set in the cut DejaVu of templates/pdf/fonts; Greek falls back to the system's."""
    pdf = html_to_pdf("<html><body><p>Conceição <b>Ωμέγα</b></p></body></html>")
    names = font_names(pdf)
    assert "Fatura-Sans" in names
    assert any("DejaVu" in name for name in names)  # the fallback for Ωμέγα
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Conceição" in text and "Ωμέγα" in text
