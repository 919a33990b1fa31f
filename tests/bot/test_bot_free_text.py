"""Free text as consumers write it (issue 16, items 3-6), on WhatsApp and SMS: keywords and
numbers keep priority, a flow's question takes free text, unsure readings ask one question,
two misses bring the menu, and nothing irreversible happens on a guess."""

from __future__ import annotations

import pytest

from bot.nlu import reading
from bot.nlu.model import Guess
from bot.types import (
    EnrollmentInfo,
    Handoff,
    NotUnderstood,
    OptOut,
    OutageReported,
    SendDocument,
    Unenroll,
)
from tests.bot.fakes import JOAO_CPF, PHONE, STRANGER, Chat, world

CHANNELS = ["whatsapp", "sms"]
CODE_OF_OCTOBER = "836500000028455000002028610200000004000000000034"  # Maria's open invoice


def _docs(chat: Chat) -> list[tuple[int, str]]:
    """The documents the last message asked the edge to send."""
    return [(e.invoice_id, e.kind) for e in chat.effects if isinstance(e, SendDocument)]


@pytest.mark.parametrize("channel", CHANNELS)
def test_issue_sentence_goes_straight_to_octobers_invoice_after_identification(
    channel: str,
) -> None:
    """ "boa tarde quero a 2 via da fatura de outubro" from a stranger: UC, CPF, then the
    October copy, with no list in between."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    chat.send("boa tarde quero a 2 via da fatura de outubro")
    assert chat.keys == ["ask_uc"]
    chat.send("200200")
    assert chat.keys == ["ask_cpf"]
    chat.send(JOAO_CPF)
    assert _docs(chat) == [(10, "second_copy")]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bom dia! Preciso da segunda via da minha conta de luz", ["pick_invoice"]),
        ("me manda a ultima conta", ["copy_sent"]),
        ("quanto eu devo?", ["debts"]),
        ("quero falar com um atendente", ["handoff"]),
    ],
)
def test_everyday_requests_are_understood(channel: str, text: str, expected: list[str]) -> None:
    """Sentences from the issue's list reach their intent (Maria's number is on file)."""
    chat = Chat(world(), channel=channel)
    chat.send(text)
    assert chat.keys[: len(expected)] == expected


@pytest.mark.parametrize("channel", CHANNELS)
def test_pix_in_free_text_gives_the_code(channel: str) -> None:
    """ "me passa o pix da conta": the codes of the open invoice, the line alone."""
    chat = Chat(world(), channel=channel)
    chat.send("me passa o pix da conta")
    assert CODE_OF_OCTOBER in chat.replies


@pytest.mark.parametrize("channel", CHANNELS)
def test_keywords_and_menu_numbers_keep_priority(channel: str) -> None:
    """The exact grammar and the menu's numbers are handled as before the classifier."""
    chat = Chat(world(), channel=channel)
    chat.send("2VIA 09/2026")
    assert _docs(chat) == [(2, "second_copy")]
    chat.send("1")
    assert chat.step == "pick_invoice"
    chat.send("3")
    assert _docs(chat) == [(1, "second_copy")]


@pytest.mark.parametrize("channel", CHANNELS)
def test_invoice_list_takes_a_month_and_free_text(channel: str) -> None:
    """While the invoice list waits: "a de outubro" picks October; "quero a segunda via"
    is read, not answered with "Responda com um número"."""
    chat = Chat(world(), channel=channel)
    chat.send("1")
    chat.send("a de setembro")
    assert _docs(chat) == [(2, "second_copy")]
    chat.send("1")
    chat.send("quero a segunda via")
    assert chat.keys != ["pick_invalid"] and chat.step == "pick_invoice"


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_new_request_inside_a_flow_switches_to_it(channel: str) -> None:
    """ "agora quero o código de barras" while the 2ª via list waits: the codes."""
    chat = Chat(world(), channel=channel)
    chat.send("1")
    chat.send("agora quero o código de barras")
    assert CODE_OF_OCTOBER in chat.replies and chat.step is None


@pytest.mark.parametrize("channel", CHANNELS)
def test_only_what_means_nothing_gets_the_question_again(channel: str) -> None:
    """Nonsense while a list waits: the list's own question again, nothing else."""
    chat = Chat(world(), channel=channel)
    chat.send("1")
    chat.send("asdf qwer")
    assert chat.keys == ["pick_invalid"] and chat.step == "pick_invoice"


@pytest.mark.parametrize("channel", CHANNELS)
def test_cpf_and_uc_typed_in_sentences_answer_the_questions(channel: str) -> None:
    """ "a uc é 200200" and "meu cpf é 529.982.247-25" are taken by the identification."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    chat.send("quanto eu devo?")
    chat.send("a minha uc é 200200")
    assert chat.keys == ["ask_cpf"]
    chat.send("meu cpf é 529.982.247-25")
    assert "debts" in chat.keys


def _unsure(monkeypatch: pytest.MonkeyPatch, *ranked: tuple[str, float]) -> None:
    """Make the classifier unsure between the given intents, whatever the text."""
    monkeypatch.setattr(reading, "classify", lambda text: Guess(ranked))


@pytest.mark.parametrize("channel", CHANNELS)
def test_unsure_reading_asks_one_question_answerable_by_number(
    channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Torn between the 2ª via and the code: one question naming both, by number; "2"
    then gives the code, and nothing ran before."""
    _unsure(monkeypatch, ("2via", 0.40), ("barra", 0.35), ("debitos", 0.1))
    chat = Chat(world(), channel=channel)
    chat.send("aquela coisa da conta")
    assert chat.replies == chat.says(
        "clarify_two", first="a 2ª via da fatura em PDF", second="só o código para pagar"
    )
    assert [type(e) for e in chat.effects] == [NotUnderstood]
    chat.send("2")
    assert CODE_OF_OCTOBER in chat.replies and chat.step is None


@pytest.mark.parametrize("channel", CHANNELS)
def test_unsure_stop_is_never_acted_on_without_sim(
    channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unsure between stopping all messages and cancelling the bill: asked, and answering
    something else keeps the number in."""
    _unsure(monkeypatch, ("sair", 0.40), ("cancelar", 0.38))
    chat = Chat(world(), channel=channel)
    chat.send("chega disso")
    assert chat.keys == ["clarify_two"] and chat.effects == [
        NotUnderstood("chega disso", "sair", 0.4)
    ]
    chat.send("hmm")
    assert OptOut() not in chat.effects and not chat.state.get("opted_out")


@pytest.mark.parametrize("channel", CHANNELS)
def test_after_an_unsure_question_another_miss_brings_the_menu(
    channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clarifying question counts as the first miss: a second one shows the menu."""
    chat = Chat(world(), channel=channel)
    with monkeypatch.context() as patched:
        _unsure(patched, ("2via", 0.40), ("barra", 0.35))
        chat.send("aquela coisa")
    chat.send("zzzz yyyy")
    assert chat.replies == [chat.menu("unknown")]


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_only_after_a_second_miss_in_a_row(channel: str) -> None:
    """Miss, miss: a short line, then the whole menu."""
    chat = Chat(world(), channel=channel)
    chat.send("blablabla xyz")
    assert chat.keys == ["miss"] or chat.keys == ["out_of_scope"]
    assert "1 - " not in chat.last and "Responda: 1" not in chat.last
    chat.send("hmmm ffff")
    assert chat.replies == [chat.menu("unknown")]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("word", ["SAIR", "parar", "Stop", "PARAR!"])
def test_bare_opt_out_keywords_still_act_at_once(channel: str, word: str) -> None:
    """SAIR / PARAR / STOP alone: opted out at once (carrier rules)."""
    chat = Chat(world(), channel=channel)
    chat.send(word)
    assert chat.effects == [OptOut()] and chat.keys == ["opted_out"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_stopping_all_messages_in_free_text_is_confirmed(channel: str) -> None:
    """ "não quero mais receber mensagens de vocês": asked first; NÃO keeps everything, SIM
    opts out."""
    chat = Chat(world(), channel=channel)
    chat.send("nao quero mais receber mensagens de voces")
    assert chat.keys == ["confirm_stop"] and chat.effects == []
    chat.send("não")
    assert chat.keys == ["stop_kept"] and chat.effects == []
    chat.send("para de me mandar mensagem por favor")
    chat.send("sim")
    assert chat.effects == [OptOut()]


def _enrolled(**settings: bool) -> Chat:
    """Maria on WhatsApp with her number and an e-mail enrolled."""
    view = world(channel_enabled=True, **settings)
    view.enrollment_rows += [
        EnrollmentInfo(1, "131030", "email", "maria@example.com", False),
        EnrollmentInfo(2, "131030", "whatsapp", PHONE, False),
    ]
    return Chat(view)


def test_stop_the_bill_by_zap_is_a_confirmed_cancellation_not_an_opt_out() -> None:
    """ "parar de receber a conta pelo zap": the WhatsApp enrolment, after SIM; never an
    opt-out, and the e-mail stays."""
    chat = _enrolled()
    chat.send("parar de receber a conta pelo zap")
    assert chat.keys == ["confirm_cancel"] and chat.effects == []
    assert "WhatsApp" in chat.last
    chat.send("sim")
    assert chat.effects == [Unenroll("131030", "whatsapp", PHONE)]
    assert not chat.state.get("opted_out")


def test_cancellation_in_free_text_can_be_declined() -> None:
    """NÃO to the confirmation: nothing is cancelled."""
    chat = _enrolled()
    chat.send("nao quero mais a fatura no email")
    assert chat.keys == ["confirm_cancel"] and "e-mail" in chat.last
    chat.send("nao")
    assert chat.keys == ["cancel_kept"] and chat.effects == []


def test_cancellation_without_a_medium_lists_then_confirms() -> None:
    """ "quero cancelar a fatura digital" with two enrolments: pick one, then SIM."""
    chat = _enrolled()
    chat.send("quero cancelar a minha fatura digital")
    assert chat.step in ("pick_cancel", "confirm_cancel")
    if chat.step == "pick_cancel":
        chat.send("1")
        assert chat.keys == ["confirm_cancel"] and chat.effects == []
    chat.send("sim")
    assert [type(e) for e in chat.effects] == [Unenroll]


@pytest.mark.parametrize("channel", CHANNELS)
def test_enrolment_in_free_text_fills_in_what_was_said_and_asks_consent(channel: str) -> None:
    """ "quero receber a conta no email ana@x.com.br sem papel": straight to the consent,
    which is confirmed before anything is enrolled."""
    chat = Chat(world(), channel=channel)
    chat.send("quero receber a conta no email ana@x.com.br sem papel")
    assert chat.step == "confirm" and chat.effects == []
    chat.send("sim")
    assert [(e.medium, e.destination, e.keep_printed) for e in chat.effects] == [
        ("email", "ana@x.com.br", False)
    ]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("hour", "start"), [(8, "Bom dia"), (14, "Boa tarde"), (20, "Boa noite")])
def test_greeting_in_free_text_gets_the_greeting_of_the_hour_and_the_menu(
    channel: str, hour: int, start: str
) -> None:
    """ "olá, boa noite" / "bom dia": the greeting of the hour, then the menu."""
    chat = Chat(world(), channel=channel)
    chat.now = chat.now.replace(hour=hour)
    chat.send("olá, tudo bem?")
    assert chat.last.startswith(start)
    assert "1 - 2" in chat.last or "1 2a via" in chat.last


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("text", "key"), [("obrigado!", "thanks"), ("valeu, tchau", "goodbye"), ("obg", "thanks")]
)
def test_thanks_and_goodbye_get_one_short_line(channel: str, text: str, key: str) -> None:
    """Thanks and goodbye: one line, no menu."""
    chat = Chat(world(), channel=channel)
    chat.send(text)
    assert len(chat.replies) == 1 and chat.keys[0] in ("thanks", "goodbye")


@pytest.mark.parametrize("channel", CHANNELS)
def test_robot_question_gets_an_honest_answer_and_the_way_to_a_person(channel: str) -> None:
    """ "você é um robô?": yes, and ATENDENTE for a person."""
    chat = Chat(world(), channel=channel)
    chat.send("você é um robô?")
    assert chat.keys == ["robot"] and "ATENDENTE" in chat.last


@pytest.mark.parametrize("channel", CHANNELS)
def test_handoff_in_free_text_records_it(channel: str) -> None:
    """ "quero falar com uma pessoa": the hand-off is recorded for staff."""
    chat = Chat(world(), channel=channel)
    chat.send("quero falar com uma pessoa de verdade")
    assert [type(e) for e in chat.effects] == [Handoff]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "text",
    ["parar de receber conta pelo zap", "para de mandar a fatura no email", "STOP the invoice",
     "sair da fatura digital", "quero parar", "nao quero mais", "sair do menu", "PARAR JA",
     "parar de receber mensagens", "stop stop", "quero sair dessa lista"],
)  # fmt: skip
def test_only_stop_words_alone_opt_out_in_one_step(channel: str, text: str) -> None:
    """Whatever a sentence says, only a bare SAIR/PARAR/STOP opts out in one message."""
    chat = Chat(world(channel_enabled=True), channel=channel)
    chat.send(text)
    assert OptOut() not in chat.effects and not chat.state.get("opted_out")


OUTAGE = {"outage_phone": "0800 123 4567", "outage_url": "https://luz.example/falta"}


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "text", ["estou sem luz desde ontem", "caiu a energia aqui", "falta de energia no bairro",
             "FALTA", "falta 131030"],
)  # fmt: skip
def test_outage_reports_get_the_channels_and_are_recorded(channel: str, text: str) -> None:
    """Free text or FALTA: the outage channels from the settings, the offer of a person, and
    the report recorded with the number's UC."""
    chat = Chat(world(**OUTAGE), channel=channel)
    chat.send(text)
    assert chat.effects == [OutageReported("131030", text)]
    assert len(chat.replies) == 1
    assert "0800 123 4567" in chat.last and "https://luz.example/falta" in chat.last
    assert "ATENDENTE" in chat.last


def test_outage_message_setting_on_whatsapp_and_a_generic_line_without_channels() -> None:
    """The distributor's own message shows on WhatsApp; with no channels set, the consumer
    is still told where to call."""
    chat = Chat(world(outage_message="Equipes já estão na rua."), phone=STRANGER)
    chat.send("ta sem luz na minha rua")
    assert "Equipes já estão na rua." in chat.last and "central" in chat.last
    assert chat.effects == [OutageReported(None, "ta sem luz na minha rua")]


def test_falta_pagar_is_not_an_outage() -> None:
    """ "falta pagar alguma conta?" starts with FALTA but asks about debts."""
    chat = Chat(world())
    chat.send("falta pagar alguma conta?")
    assert not any(isinstance(e, OutageReported) for e in chat.effects)
    assert chat.keys[0] == "debts"


@pytest.mark.parametrize(
    "text",
    ["obrigado!", "tchau", "você é um robô?", "estou sem luz", "blablabla xyz",
     "nao quero mais receber mensagens de voces", "qual a previsao do tempo amanha"],
)  # fmt: skip
def test_free_text_replies_on_sms_fit_one_segment(text: str) -> None:
    """Small talk, outage, misses and confirmations are one SMS of at most 160 characters,
    as the keyword replies are."""
    chat = Chat(world(**OUTAGE), channel="sms")
    chat.send(text)
    assert len(chat.replies) == 1 and len(chat.last) <= 160, chat.replies


def test_clarifying_question_and_cancel_confirmation_fit_one_sms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The longest labels still fit one SMS."""
    _unsure(monkeypatch, ("atualizar", 0.40), ("adesao", 0.38))
    chat = Chat(world(), channel="sms")
    chat.send("aquilo")
    assert len(chat.replies) == 1 and chat.keys == ["clarify_two"]


@pytest.mark.parametrize("waiting", [None, "1", "quanto eu devo?"])
def test_a_huge_hostile_message_is_answered_in_any_state(waiting: str | None) -> None:
    """A 60 kB digit run or dot-less e-mail, while nothing waits, while the invoice list waits
    and while the UC question waits: answered like any message (the engine reads only the
    first characters, so no regular expression sees the whole of it)."""
    for text in ("9" * 60_000, "a" * 60_000 + "@", "2via " + "1" * 60_000):
        chat = Chat(world(), phone=STRANGER if waiting == "quanto eu devo?" else PHONE)
        if waiting:
            chat.send(waiting)
        chat.send(text)
        assert chat.replies


@pytest.mark.parametrize("channel", CHANNELS)
def test_uc_and_cpf_in_the_same_sentence_need_no_question(channel: str) -> None:
    """ "quero a 2 via de outubro da uc 200200, cpf 529.982.247-25" from a stranger: the copy
    at once, and the CPF is not kept as the message's text."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    step = chat.send("quero a 2 via de outubro da uc 200200, cpf 529.982.247-25")
    assert _docs(chat) == [(10, "second_copy")] and step
    assert chat.keys[0] == "id_ok" or "ask_cpf" not in chat.keys


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_wrong_cpf_in_the_sentence_counts_as_a_guess(channel: str) -> None:
    """A wrong CPF typed with the request is checked like an answer: the same failure reply,
    and the guess is counted."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    chat.send("2 via da uc 200200 cpf 111.444.777-35")
    assert chat.keys == ["id_failed"] and _docs(chat) == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_aderir_followed_by_words_is_read_whole(channel: str) -> None:
    """ "aderir a fatura por email sem papel": not an address "sem papel" refused, but the
    enrolment asked for, paper dropped, the address asked, then the consent."""
    chat = Chat(world(), channel=channel)
    chat.send("aderir a fatura por email sem papel")
    assert chat.step == "destination" and chat.effects == []
    chat.send("ana@x.com.br")
    assert chat.step in ("more", "confirm")
