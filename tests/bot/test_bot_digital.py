"""Digital invoice: the menu path (aderir, ver, cancelar) and ADERIR/ADESAO/CANCELAR."""

from __future__ import annotations

import pytest

from bot.texts_flows import CONSENT_VERSION
from bot.types import Enroll, EnrollmentInfo, Unenroll
from tests.bot.fakes import JOAO_CPF, PHONE, STRANGER, Chat, world

CHANNELS = ["whatsapp", "sms"]
EMAIL_CANCEL = "CANCELAR 131030 EMAIL <e-mail>"
WHATSAPP_CANCEL = "CANCELAR 131030 WHATSAPP <número>"


def consent(chat: Chat, dests: str, *, printed: bool, cancel: str = EMAIL_CANCEL) -> str:
    """The consent text for UC 131030 as this chat's channel words it."""
    copy = chat.t("consent_printed" if printed else "consent_digital_only")
    return chat.t("consent", uc="131030", dests=dests, printed=copy, cancel=cancel)


def enrolled(chat: Chat) -> list[tuple[str, str, bool]]:
    """(medium, destination, keep_printed) of the Enrol effects of the last message."""
    return [
        (e.medium, e.destination, e.keep_printed) for e in chat.effects if isinstance(e, Enroll)
    ]


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_enroll_two_emails_with_consent(channel: str) -> None:
    """Channel off: e-mail asked directly; invalid → explained; loop; printed; consent; sim."""
    chat = Chat(world(), channel=channel)
    chat.send("3")
    assert chat.replies == chat.says("digital_menu", uc="131030")
    chat.send("1")
    assert chat.replies == chat.says("ask_email")
    chat.send("maria arroba gmail")
    problem = "E-mail inválido: o endereço não pode ter espaços. Exemplo: nome@exemplo.com.br"
    assert chat.replies == chat.says("bad_destination", problem=problem) and chat.effects == []
    chat.send("maria@")
    problem = (
        "E-mail inválido: falta o domínio depois do @ (como exemplo.com.br). "
        "Exemplo: nome@exemplo.com.br"
    )
    assert chat.replies == chat.says("bad_destination", problem=problem)
    assert chat.step == "destination"
    chat.send("Maria@Example.com")
    assert chat.replies == chat.says("ask_more")
    chat.send("sim")
    assert chat.replies == chat.says("ask_email")
    chat.send("ana@exemplo.com.br")
    chat.send("não")
    assert chat.replies == chat.says("ask_printed")
    chat.send("nao")
    shown = consent(chat, "e-mail M***@example.com e e-mail a***@exemplo.com.br", printed=False)
    assert chat.replies == chat.shows(f"{shown}\n{chat.t('confirm')}") and chat.effects == []
    chat.send("sim")
    assert chat.replies == chat.says("enrolled")
    assert enrolled(chat) == [
        ("email", "Maria@example.com", False),
        ("email", "ana@exemplo.com.br", False),
    ]
    first = chat.effects[0]
    assert isinstance(first, Enroll) and first.consent_version == CONSENT_VERSION
    assert chat.shows(first.consent_text) == chat.shows(shown)  # recorded exactly as shown
    assert "pending" not in chat.state


def test_menu_enroll_whatsapp_this_number_and_errors() -> None:
    """Channel on: medium question; landline and foreign refused; ESTE = this chat."""
    chat = Chat(world(channel_enabled=True))
    chat.send("3")
    chat.send("1")
    assert chat.replies == chat.says("ask_medium")
    chat.send("2")
    assert chat.replies == chat.says("ask_whatsapp")
    chat.send("(31) 3333-4444")
    problem = "Número inválido: informe um celular com DDD e 9 dígitos, como (31) 99999-0000"
    assert chat.replies == chat.says("bad_destination", problem=problem) and chat.effects == []
    chat.send("+351 912 345 678")
    problem = "Número inválido: informe um celular do Brasil, com DDD, como (31) 99999-0000"
    assert chat.replies == chat.says("bad_destination", problem=problem) and chat.effects == []
    chat.send("este")
    chat.send("nao")
    chat.send("sim")
    shown = consent(chat, "WhatsApp +55 31 9****-0000", printed=True, cancel=WHATSAPP_CANCEL)
    assert chat.replies == chat.shows(f"{shown}\n{chat.t('confirm')}")
    chat.send("s")
    assert enrolled(chat) == [("whatsapp", PHONE, True)]


def test_empty_answer_on_whatsapp_means_this_chat() -> None:
    """An empty answer to the WhatsApp number question: this chat's number."""
    chat = Chat(world(channel_enabled=True))
    chat.send("aderir")
    chat.send("2")
    chat.send("")
    assert chat.state["pending"]["dests"] == [["whatsapp", PHONE]]


def test_menu_enroll_declined_and_yes_no_insisted() -> None:
    """'talvez' asks for SIM/NÃO; NÃO at the end saves nothing."""
    chat = Chat(world())
    for text in ("3", "1", "ana@exemplo.com.br", "talvez"):
        chat.send(text)
    assert chat.replies == chat.says("yes_no")
    for text in ("nao", "sim"):
        chat.send(text)
    chat.send("não")
    assert chat.effects == [] and chat.replies == chat.says("enrol_dropped")


def test_menu_enroll_already_enrolled() -> None:
    """An address already enrolled: said so, asked for another, no duplicate effect."""
    view = world()
    view.enrollment_rows.append(EnrollmentInfo(1, "131030", "email", "teste@teste.com", False))
    chat = Chat(view)
    for text in ("3", "1", "TESTE@teste.com"):
        chat.send(text)
    assert chat.replies == [
        *chat.says("already_enrolled", dest="e-mail T***@teste.com", uc="131030"),
        *chat.says("already_try_other"),
    ]
    assert chat.step == "destination"


def test_typing_address_at_medium_question() -> None:
    """An address typed where 1/2 was asked is taken as the e-mail."""
    chat = Chat(world(channel_enabled=True))
    chat.send("aderir")
    chat.send("ana@exemplo.com.br")
    assert chat.state["pending"]["dests"] == [["email", "ana@exemplo.com.br"]]


@pytest.mark.parametrize("channel", CHANNELS)
def test_keyword_aderir_email_completes_at_once(channel: str) -> None:
    """ADERIR EMAIL <address> [IMPRESSA]: Enrol now, consent in the confirmation."""
    chat = Chat(world(), channel=channel)
    chat.send("ADERIR 131030 EMAIL maria@exemplo.com.br IMPRESSA")
    assert enrolled(chat) == [("email", "maria@exemplo.com.br", True)]
    effect = chat.effects[0]
    assert isinstance(effect, Enroll) and effect.consent_version == CONSENT_VERSION
    shown = consent(chat, "e-mail m***@exemplo.com.br", printed=True)
    assert chat.replies == chat.shows(f"{chat.t('enrolled')}\n{shown}")
    chat.send("aderir email MARIA@exemplo.com.br")
    assert chat.effects == []
    dest = "e-mail M***@exemplo.com.br"  # masked as typed
    assert chat.replies == chat.says("already_enrolled", dest=dest, uc="131030")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("maria.exemplo.com", "falta o @"),
        ("maria@exemplo", "falta o domínio depois do @ (como exemplo.com.br)"),
        ("a b@c.com", "o endereço não pode ter espaços"),
    ],
)
def test_keyword_aderir_invalid_email(channel: str, bad: str, problem: str) -> None:
    """Invalid e-mail: what is wrong, an example, nothing saved."""
    chat = Chat(world(), channel=channel)
    chat.send(f"aderir email {bad}")
    problem = f"E-mail inválido: {problem}. Exemplo: nome@exemplo.com.br"
    assert chat.effects == []
    assert chat.replies == chat.says("bad_keyword_destination", problem=problem)


def test_keyword_aderir_whatsapp() -> None:
    """Channel on: without number this chat; with number normalised; landline/foreign refused."""
    chat = Chat(world(channel_enabled=True))
    chat.send("aderir whatsapp")
    assert enrolled(chat) == [("whatsapp", PHONE, False)]
    shown = consent(chat, "WhatsApp +55 31 9****-0000", printed=False, cancel=WHATSAPP_CANCEL)
    assert chat.replies == chat.shows(f"{chat.t('enrolled')}\n{shown}")
    chat.send("aderir whatsapp (31) 98888-7777 impressa")
    assert enrolled(chat) == [("whatsapp", "+5531988887777", True)]
    chat.send("aderir whatsapp 31 3333-4444")
    problem = "Número inválido: informe um celular com DDD e 9 dígitos, como (31) 99999-0000"
    assert chat.effects == []
    assert chat.replies == chat.says("bad_keyword_destination", problem=problem)
    chat.send("aderir whatsapp +1 202 555 0123")
    problem = "Número inválido: informe um celular do Brasil, com DDD, como (31) 99999-0000"
    assert chat.effects == []
    assert chat.replies == chat.says("bad_keyword_destination", problem=problem)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("text", ["aderir whatsapp", "cancelar whatsapp", "ADERIR 131030 WHATSAPP"])
def test_whatsapp_refused_when_channel_off(channel: str, text: str) -> None:
    """Channel off: ADERIR/CANCELAR WHATSAPP get 'WhatsApp não está disponível', no effect."""
    chat = Chat(world(), channel=channel)
    chat.send(text)
    assert chat.effects == [] and chat.replies == chat.says("whatsapp_off")


def test_keyword_aderir_by_stranger_after_cpf() -> None:
    """A UC not bound to the number: CPF first, then the enrolment completes."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("aderir 200200 email joao@exemplo.com.br")
    assert chat.effects == [] and chat.replies == chat.says("ask_cpf", uc="200200")
    chat.send(JOAO_CPF)
    assert enrolled(chat) == [("email", "joao@exemplo.com.br", False)]
    assert chat.keys[0] == "id_ok"


@pytest.mark.parametrize("channel", CHANNELS)
def test_adesao_lists_masked_or_says_none(channel: str) -> None:
    """ADESAO and menu 3-2: masked enrolments; none → how to enrol."""
    view = world(channel_enabled=True)
    chat = Chat(view, channel=channel)
    chat.send("adesao")
    assert chat.replies == chat.says("no_enrolments", uc="131030")
    view.enrollment_rows += [
        EnrollmentInfo(1, "131030", "email", "teste@teste.com", True),
        EnrollmentInfo(2, "131030", "whatsapp", "+5531977776666", False),
    ]
    chat.send("ADESÃO 131030")
    listed = chat.says(
        "enrolments",
        uc="131030",
        lines="1) e-mail t***@teste.com (com cópia impressa)\n2) WhatsApp +55 31 9****-6666",
    )
    assert chat.replies == listed
    chat.send("3")
    chat.send("2")
    assert chat.replies == listed


@pytest.mark.parametrize("channel", CHANNELS)
def test_keyword_cancelar(channel: str) -> None:
    """CANCELAR EMAIL: Unenrol when enrolled; 'not enrolled' otherwise."""
    view = world()
    view.enrollment_rows.append(EnrollmentInfo(1, "131030", "email", "teste@teste.com", True))
    chat = Chat(view, channel=channel)
    chat.send("cancelar email outro@teste.com")
    assert chat.effects == []
    assert chat.replies == chat.says("not_enrolled", dest="e-mail o***@teste.com", uc="131030")
    chat.send("CANCELAR 131030 EMAIL Teste@Teste.com")
    assert chat.effects == [Unenroll("131030", "email", "teste@teste.com")]
    assert chat.replies == chat.says("unenrolled", dest="e-mail T***@teste.com", uc="131030")


def test_cancelar_whatsapp_with_channel_on() -> None:
    """CANCELAR WHATSAPP without number: this chat's enrolment."""
    view = world(channel_enabled=True)
    view.enrollment_rows.append(EnrollmentInfo(1, "131030", "whatsapp", PHONE, False))
    chat = Chat(view)
    chat.send("cancelar whatsapp")
    assert chat.effects == [Unenroll("131030", "whatsapp", PHONE)]
    assert chat.replies == chat.says("unenrolled", dest="WhatsApp +55 31 9****-0000", uc="131030")


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_cancel_pick(channel: str) -> None:
    """Menu 3-3: numbered enrolments (no WhatsApp ones while Channel is off) → Unenrol."""
    view = world()
    view.enrollment_rows += [
        EnrollmentInfo(1, "131030", "whatsapp", PHONE, False),
        EnrollmentInfo(2, "131030", "email", "teste@teste.com", False),
    ]
    chat = Chat(view, channel=channel)
    chat.send("3")
    chat.send("3")
    assert chat.replies == chat.says("pick_cancel", lines="1) e-mail t***@teste.com")
    chat.send("5")
    assert chat.effects == [] and chat.replies == chat.says("pick_invalid", n=1)
    chat.send("1")
    assert chat.effects == [Unenroll("131030", "email", "teste@teste.com")]
    assert chat.replies == chat.says("unenrolled", dest="e-mail t***@teste.com", uc="131030")
    chat.send("cancelar")
    assert chat.replies == chat.says("no_enrolments", uc="131030")  # nothing left to cancel


def test_bare_aderir_with_channel_off_asks_email() -> None:
    """ADERIR alone: the menu path (e-mail only while Channel is off)."""
    chat = Chat(world())
    chat.send("aderir")
    assert chat.state["pending"] == {
        "step": "destination",
        "uc": "131030",
        "dests": [],
        "printed": False,
        "medium": "email",
    }


def test_adesao_marks_whatsapp_paused_when_channel_off() -> None:
    """Existing WhatsApp rows are listed as paused while Channel is off."""
    view = world()
    view.enrollment_rows.append(EnrollmentInfo(1, "131030", "whatsapp", PHONE, False))
    chat = Chat(view)
    chat.send("adesao")
    assert chat.replies == chat.says(
        "enrolments", uc="131030", lines="1) WhatsApp +55 31 9****-0000 (pausado)"
    )
