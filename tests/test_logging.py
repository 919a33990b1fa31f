"""Personal data never reaches the logs in full."""

from __future__ import annotations

import logging

from services.core.logging_setup import RedactingFilter, redact


def test_redact_masks_documents_phones_and_emails() -> None:
    line = (
        "cpf 123.456.789-09 / 12345678909, cnpj 11.222.333/0001-81, tel +5531999990000, "
        "(31) 99999-0000, whatsapp:+55 31 99999-0000, mail teste@teste.com"
    )
    out = redact(line)
    for secret in (
        "123.456.789-09",
        "12345678909",
        "11.222.333/0001-81",
        "99999-0000",
        "999990000",
        "teste@teste.com",
    ):
        assert secret not in out
    barcode = "83680000002455001382026041500000000123456789"
    assert redact(f"barcode {barcode}") == f"barcode {barcode}"
    sid = "SMa12345678901b3c99999000012345ff"  # digit runs inside a provider id
    assert redact(f"sent as {sid}") == f"sent as {sid}"


def test_the_filter_rewrites_records_and_tracebacks(caplog) -> None:
    logger = logging.getLogger("tests.redaction")
    caplog.handler.addFilter(RedactingFilter())
    try:
        raise ValueError("bad e-mail maria@example.com")
    except ValueError:
        logger.exception("import of %s failed", "12345678909")
    assert "12345678909" not in caplog.text and "maria@example.com" not in caplog.text
    assert "<cpf>" in caplog.text and "<e-mail>" in caplog.text


def test_an_import_logs_no_personal_data_even_for_bad_lines(session, caplog) -> None:
    from services.erp.importer import import_lines
    from tests.support.importing import consumer, invoice, jsonl, unit

    text = jsonl(consumer(), consumer(document="98765432100", email="bad@"), unit(), invoice())
    with caplog.at_level(logging.DEBUG):
        import_lines(session, text.splitlines(), lambda n, r: logging.getLogger("t").info(r))
    assert caplog.records, "the import should log its batches"
    for secret in (
        "12345678909",
        "98765432100",
        "99999-0000",
        "999990000",
        "maria@example.com",
        "bad@",
    ):
        assert secret not in caplog.text


def test_redact_catches_any_separators_and_a_cpf_or_cnpj_label() -> None:
    for spelling in (
        "123456789-09",
        "123 456 789 09",
        "123.456.78909",
        "cpf12345678909",
        "CPF: 123.456.789-09",
        "cpf n° 123 . 456 . 789 - 09",
    ):
        out = redact(f"meu {spelling}!")
        assert "<cpf>" in out and "09" not in out, out
    for spelling in ("CNPJ11222333000181", "11 222 333 0001 81", "11.222.333/0001-81"):
        out = redact(spelling)
        assert out == "<cnpj>", out


def test_redact_leaves_dates_money_and_codes_alone() -> None:
    replies = "10/2026 - R$ 1.234,56 - vence 20/10/2026\n09/2026 - R$ 199,90 - 20/09/2026"
    assert redact(replies) == replies
    line = "836800000024550013820260415000000001234567890123"
    assert redact(f"pague {line}") == f"pague {line}"
