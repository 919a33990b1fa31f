"""Nobody is taken for a consumer without proof: the ninth digit only for real mobiles, CPF
guesses limited atomically under concurrency, overlong UCs refused before any CPF is asked."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import Consumer, ConsumerPhone, Enrollment, IdentificationFailure, utcnow
from services import settings
from services.chat import id_attempts
from services.chat.bot_view import phone_variants
from services.erp.importer import import_lines
from tests.support.chat import post, replies
from tests.support.importing import consumer, invoice, jsonl, unit

LANDLINE = "+551141234567"  # +55 11 4123-4567: a fixed line (subscriber starts with 4)
MOBILE_WITH_NINE = "+5511941234567"  # a stranger's mobile: the landline with a 9 put in
JOAO_CPF = "52998224725"
WRONG_CPF = "11144477735"  # valid check digits, nobody's
ASKS_CPF = "envie o CPF ou CNPJ do titular"
ID_FAILED = "Nao foi possivel confirmar"  # these tests chat by SMS (ASCII)
LOCKED = "pausamos as tentativas"


@pytest.fixture
def chat(chat_app, session):  # type: ignore[no-untyped-def]
    """The demo app plus João (UC 200200, one open invoice) whose only phone is a landline."""
    lines = jsonl(
        consumer(JOAO_CPF, name="João Souza", phones=["(11) 4123-4567"], email="joao@example.com"),
        unit("200200", JOAO_CPF),
        invoice("F-200200-2026-10", "200200"),
    )
    report = import_lines(session, lines.splitlines(), lambda n, r: pytest.fail(f"{n}: {r}"))
    assert report.failed == 0
    settings.update(session, {"channel_product_enabled": True}, "test")
    session.commit()
    return chat_app


def _text(response) -> str:  # type: ignore[no-untyped-def]
    """All replies of one webhook answer as one string."""
    assert response.status_code == 200
    return "\n".join(replies(response))


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
@pytest.mark.parametrize(
    "command", ["DEBITOS", "DEBITOS 200200", "BARRA 200200", "ADESAO 200200", "2VIA 200200"]
)
def test_a_landline_on_file_is_not_matched_by_a_mobile_with_a_nine(
    chat, session, channel, command
) -> None:
    """The stranger's +55 11 94123-4567 is not João's +55 11 4123-4567: asked to identify."""
    text = _text(post(chat.test_client(), command, channel=channel, phone=MOBILE_WITH_NINE))
    assert "R$" not in text and "245" not in text
    assert ASKS_CPF in text or "Qual é o número da sua UC" in text or "Qual e o numero" in text


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_enrolling_by_keyword_from_the_mobile_with_a_nine_needs_the_cpf(
    chat, session, channel
) -> None:
    text = _text(
        post(
            chat.test_client(),
            "ADERIR 200200 EMAIL a@b.com",
            channel=channel,
            phone=MOBILE_WITH_NINE,
        )
    )
    assert ASKS_CPF in text
    assert session.scalar(select(func.count()).select_from(Enrollment)) == 1  # the demo's


def test_a_landline_never_identifies_even_its_own_number(chat) -> None:
    text = _text(post(chat.test_client(), "DEBITOS 200200", channel="sms", phone=LANDLINE))
    assert ASKS_CPF in text and "R$" not in text


def test_a_mobile_is_matched_in_both_forms_of_its_ninth_digit(chat, session) -> None:
    """On file with the 9, written without it (WhatsApp's old form); and the other way."""
    client = chat.test_client()
    assert "R$" in _text(post(client, "DEBITOS", phone="+553199990000"))  # demo's, no 9
    joao = session.scalar(select(Consumer).where(Consumer.document == JOAO_CPF))
    session.add(ConsumerPhone(consumer_id=joao.id, phone="+551198887766"))  # stored without
    session.commit()
    assert "UC 200200" in _text(post(client, "DEBITOS", phone="+5511998887766"))


def test_the_ninth_digit_is_only_added_or_dropped_for_mobiles() -> None:
    assert phone_variants("+5531999990000") == ["+5531999990000", "+553199990000"]
    assert phone_variants("+553199990000") == ["+553199990000", "+5531999990000"]
    assert phone_variants("+5511941234567") == ["+5511941234567"]  # 4123-4567 is fixed
    assert phone_variants(LANDLINE) == []
    assert phone_variants("+553133334444") == []
    assert phone_variants("+442071234567") == []  # a London fixed line
    assert phone_variants("+447911123456") == ["+447911123456"]


def _waiting_for_cpf(client, phones: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each number asks for UC 200200 and is asked for the titular's CPF."""
    for phone in phones:
        assert ASKS_CPF in _text(post(client, "BARRA 200200", channel="sms", phone=phone))


def _at_once(app, messages: list[tuple[str, str]]) -> list[str]:  # type: ignore[no-untyped-def]
    """Send (phone, text) pairs from as many threads, released together; their replies."""
    barrier = threading.Barrier(len(messages))
    answers: list[str] = [""] * len(messages)

    def send(index: int, phone: str, text: str) -> None:
        client = app.test_client()
        barrier.wait()
        answers[index] = _text(post(client, text, channel="sms", phone=phone))

    threads = [
        threading.Thread(target=send, args=(i, phone, text))
        for i, (phone, text) in enumerate(messages)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def _numbers(count: int, start: int = 0) -> list[str]:
    """Distinct mobiles that belong to nobody."""
    return [f"+55319{70000000 + start + i:08d}" for i in range(count)]


def test_thirty_concurrent_wrong_guesses_leave_at_most_ten_evaluated(chat, session) -> None:
    """30 numbers guess UC 200200's CPF at once: the UC's limit of 10 holds; then João's right
    CPF from another number gets the lock, not the invoice."""
    phones = _numbers(31)
    client = chat.test_client()
    _waiting_for_cpf(client, phones)
    answers = _at_once(chat, [(phone, WRONG_CPF) for phone in phones[:30]])
    evaluated = [a for a in answers if ID_FAILED in a]
    assert len(evaluated) == 10  # at most the UC's limit, and no fewer: none lost
    assert all(ID_FAILED in a or LOCKED in a for a in answers), answers
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(IdentificationFailure)) == 10
    right = _text(post(client, JOAO_CPF, channel="sms", phone=phones[30]))
    assert LOCKED in right and "Dados confirmados" not in right


def test_a_right_cpf_among_guesses_eleven_to_thirty_does_not_pass(chat, session) -> None:
    """Ten wrong guesses at once use up the UC's window; twenty more at once, one of them
    João's right CPF, are none of them compared."""
    phones = _numbers(30, start=100)
    client = chat.test_client()
    _waiting_for_cpf(client, phones)
    first = _at_once(chat, [(phone, WRONG_CPF) for phone in phones[:10]])
    assert all(ID_FAILED in a for a in first)
    later = [(phone, WRONG_CPF) for phone in phones[10:29]] + [(phones[29], JOAO_CPF)]
    answers = _at_once(chat, later)
    assert all(LOCKED in a for a in answers)
    assert all("Dados confirmados" not in a for a in answers)


def test_one_number_guessing_in_parallel_gets_at_most_five_compared(db) -> None:
    """The claim itself, from 12 threads for one number across 12 UCs: 5 granted."""
    now = utcnow()
    granted: list[object] = []
    barrier = threading.Barrier(12)

    def guess(index: int) -> None:
        barrier.wait()
        with db.session() as session:
            claim = id_attempts.claim(session, "+5531970000999", f"9{index:05d}", now)
        if claim is not None:
            granted.append(claim)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(granted) == 5


def test_locks_grow_longer_each_time_and_right_guesses_are_given_back(session) -> None:
    now = utcnow()
    phone = "+5531970000888"
    claims = [id_attempts.claim(session, phone, f"7{i:05d}", now) for i in range(4)]
    assert None not in claims
    id_attempts.give_back(session, claims[0])  # a right guess does not count
    for i in range(2):
        assert id_attempts.claim(session, phone, f"8{i:05d}", now) is not None
    assert id_attempts.claim(session, phone, "800009", now) is None  # 5 wrong: locked
    assert id_attempts.locked(session, "phone", phone, now + timedelta(minutes=14))
    assert not id_attempts.locked(session, "phone", phone, now + timedelta(minutes=16))
    later = now + timedelta(minutes=16)
    for i in range(5):
        assert id_attempts.claim(session, phone, f"6{i:05d}", later) is not None
    # the second lock is twice as long
    assert id_attempts.locked(session, "phone", phone, later + timedelta(minutes=29))
    assert not id_attempts.locked(session, "phone", phone, later + timedelta(minutes=31))


@pytest.mark.parametrize("typed", ["2VIA 123456789012345678901", "DEBITOS 9" + "1" * 30])
def test_an_overlong_uc_is_refused_before_any_cpf_is_asked(chat, session, typed) -> None:
    client = chat.test_client()
    text = _text(post(client, typed, channel="sms", phone=MOBILE_WITH_NINE))
    assert "20 digitos" in text and "CPF" not in text
    text = _text(post(client, "200200", channel="sms", phone=MOBILE_WITH_NINE))
    assert "CPF" in text  # the next number typed is taken as the UC


def test_an_overlong_uc_typed_when_asked_is_refused_and_asked_again(chat) -> None:
    client = chat.test_client()
    assert "UC" in _text(post(client, "2via", phone=MOBILE_WITH_NINE))
    text = _text(post(client, "1" * 25, phone=MOBILE_WITH_NINE))
    assert "20 dígitos" in text and "CPF" not in text
    assert ASKS_CPF in _text(post(client, "200200", phone=MOBILE_WITH_NINE))


def test_the_lock_reply_says_how_long_this_lock_lasts(session) -> None:
    """The second lock of a number lasts 30 minutes, and the view says so (not 15)."""
    from services.chat.bot_view import DbBotView

    now = utcnow()
    phone = "+5531970000777"
    for i in range(5):
        id_attempts.claim(session, phone, f"5{i:05d}", now)
    view = DbBotView(session, settings.load(session), now)
    assert view.lock_minutes(phone, None) == 15
    later = now + timedelta(minutes=16)
    for i in range(5):
        id_attempts.claim(session, phone, f"4{i:05d}", later)
    assert DbBotView(session, settings.load(session), later).lock_minutes(phone, None) == 30
    assert (
        DbBotView(session, settings.load(session), later).lock_minutes("+5531970000666", None) == 0
    )


def test_a_guess_refused_by_a_lock_taken_meanwhile_says_how_long_it_lasts(chat, session) -> None:
    """The message's snapshot read the number unlocked; before its guess, other guesses
    locked it for a second time (30 minutes). The guess is refused, and the reply tells the
    lock read after the claim, not the counter read before it."""
    from services.chat.bot_view import DbBotView

    now = utcnow()
    phone = "+5531970000555"
    view = DbBotView(session, settings.load(session), now, (phone, []), (phone, None))
    assert view.lock_minutes(phone, None) == 0  # as the snapshot saw it
    earlier = now - timedelta(minutes=20)
    for at, prefix in ((earlier, "3"), (now, "2")):  # a first lock, over; then a second
        for i in range(5):
            id_attempts.claim(session, phone, f"{prefix}{i:05d}", at)
    assert view.check_document(phone, "200200", JOAO_CPF) == "locked"
    assert view.lock_minutes(phone, None) == 30


def test_the_snapshot_carries_the_lock_so_a_locked_number_is_refused(chat, session) -> None:
    """A number that used up its guesses is told so before any CPF is asked, on the counter
    read with the conversation in one query."""
    from services.chat import chat_snapshot

    now = utcnow()
    for i in range(5):
        id_attempts.claim(session, LANDLINE, f"1{i:05d}", now)
    seen = chat_snapshot.read(session, "sms", LANDLINE)
    assert seen.guesses is not None and seen.guesses.count == 5
    assert id_attempts.time_left(seen.guesses, "phone", now) is not None
    text = _text(post(chat.test_client(), "2VIA 200201", channel="sms", phone=LANDLINE))
    assert LOCKED in text and "15 minutos" in text and ASKS_CPF not in text


def test_waits_read_as_a_person_says_them() -> None:
    from bot.formatting import wait_text

    assert [wait_text(m) for m in (1, 15, 119, 120, 1440)] == [
        "1 minuto",
        "15 minutos",
        "119 minutos",
        "2 horas",
        "24 horas",
    ]
