"""The WeasyPrint set-up of services/documents/render.py: the lean user-agent stylesheet, fonts,
drawings served from memory and nothing else, collection paused while a page is laid out."""

from __future__ import annotations

import gc
import io

import pytest
from pypdf import PdfReader

from billing.qr import qr_png
from services.documents.render import MissingResource, html_to_pdf

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


PNG = qr_png("fatura")


def test_a_drawing_is_served_from_memory() -> None:
    """`drawing:<name>` shows the PNG given with the HTML: the page gets one image."""
    pdf = html_to_pdf('<img src="drawing:qr" style="width: 20mm">', {"qr": PNG})
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1


@pytest.mark.parametrize(
    "src",
    ["drawing:absent", "file:///etc/hostname", "http://127.0.0.1:9/x.png", "fonts/x.png"],
)
def test_a_document_loads_nothing_but_its_drawings(src: str) -> None:
    """A missing drawing, a file or a URL stops the render with a clear error, not a blank."""
    with pytest.raises(MissingResource, match="nothing but their drawings"):
        html_to_pdf(f'<img src="{src}">', {"qr": PNG})


def test_collection_is_on_again_after_a_render_that_failed() -> None:
    """Collection is paused only while a page is laid out, even when the render fails."""
    with pytest.raises(MissingResource):
        html_to_pdf('<img src="drawing:absent">')
    assert gc.isenabled()
    gc.disable()
    try:
        html_to_pdf("<p>x</p>")
        assert not gc.isenabled()  # someone else's choice is left alone
    finally:
        gc.enable()
