"""Digital invoice: the menu path (aderir, ver, cancelar) and ADERIR/ADESAO/CANCELAR."""

from __future__ import annotations

import pytest

from bot.texts_flows import CONSENT_VERSION
from bot.types import Enrol, EnrollmentInfo, Unenrol
from tests.bot.fakes import JOAO_CPF, PHONE, STRANGER, Chat, world

CHANNELS = ["whatsapp", "sms"]


def enrolled(chat: Chat) -> list[tuple[str, str, bool]]:
    """(medium, destination, keep_printed) of the Enrol effects of the last message."""
    return [(e.medium, e.destination, e.keep_printed) for e in chat.effects if isinstance(e, Enrol)]


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_enrol_two_emails_with_consent(channel: str) -> None:
    """Channel off: e-mail asked directly; invalid → explained; loop; printed; consent; sim."""
    chat = Chat(world(), channel=channel)
    chat.send("3")
    assert "Aderir" in chat.last and "WhatsApp" not in chat.last
    chat.send("1")
    assert "e-mail" in chat.last and "WhatsApp" not in chat.text
    chat.send("maria arroba gmail")
    assert "inv" in chat.text and "exemplo.com.br" in chat.text and chat.effects == []
    chat.send("maria@")
    assert "depois do @" in chat.text and chat.state["pending"]["step"] == "destination"
    chat.send("Maria@Example.com")
    assert "mais algum" in chat.last
    chat.send("sim")
    chat.send("ana@exemplo.com.br")
    chat.send("não")
    assert "impressa" in chat.last
    chat.send("nao")
    consent = chat.text
    assert "M***@example.com" in consent and "a***@exemplo.com.br" in consent
    assert "CANCELAR 131030 EMAIL" in consent and "SAIR" in consent
    assert "Maria@" not in consent and chat.effects == []
    chat.send("sim")
    assert enrolled(chat) == [
        ("email", "Maria@example.com", False),
        ("email", "ana@exemplo.com.br", False),
    ]
    first = chat.effects[0]
    assert isinstance(first, Enrol) and first.consent_version == CONSENT_VERSION
    assert first.consent_text in consent.replace("\n", " ")  # recorded exactly as shown
    assert "pending" not in chat.state


def test_menu_enrol_whatsapp_this_number_and_errors() -> None:
    """Channel on: medium question; landline and foreign refused; ESTE = this chat."""
    chat = Chat(world(channel_enabled=True))
    chat.send("3")
    chat.send("1")
    assert "WhatsApp" in chat.last
    chat.send("2")
    chat.send("(31) 3333-4444")
    assert "celular" in chat.last and chat.effects == []
    chat.send("+351 912 345 678")
    assert "Brasil" in chat.last and chat.effects == []
    chat.send("este")
    chat.send("nao")
    chat.send("sim")
    assert "com a cópia impressa" in chat.last and "+55 31 9****-0000" in chat.last
    chat.send("s")
    assert enrolled(chat) == [("whatsapp", PHONE, True)]


def test_empty_answer_on_whatsapp_means_this_chat() -> None:
    """An empty answer to the WhatsApp number question: this chat's number."""
    chat = Chat(world(channel_enabled=True))
    chat.send("aderir")
    chat.send("2")
    chat.send("")
    assert chat.state["pending"]["dests"] == [["whatsapp", PHONE]]


def test_menu_enrol_declined_and_yes_no_insisted() -> None:
    """'talvez' asks for SIM/NÃO; NÃO at the end saves nothing."""
    chat = Chat(world())
    for text in ("3", "1", "ana@exemplo.com.br", "talvez"):
        chat.send(text)
    assert "SIM ou NÃO" in chat.last
    for text in ("nao", "sim"):
        chat.send(text)
    chat.send("não")
    assert chat.effects == [] and "nada foi cadastrado" in chat.last


def test_menu_enrol_already_enrolled() -> None:
    """An address already enrolled: said so, asked for another, no duplicate effect."""
    view = world()
    view.enrolment_rows.append(EnrollmentInfo(1, "131030", "email", "teste@teste.com", False))
    chat = Chat(view)
    for text in ("3", "1", "TESTE@teste.com"):
        chat.send(text)
    assert "já recebe" in chat.text and "Envie outro" in chat.text
    assert chat.state["pending"]["step"] == "destination"


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
    assert isinstance(effect, Enrol) and effect.consent_version == CONSENT_VERSION
    assert "CANCELAR 131030 EMAIL" in chat.text and "m***@exemplo.com.br" in chat.text
    assert "maria@" not in chat.text
    chat.send("aderir email MARIA@exemplo.com.br")
    assert chat.effects == [] and ("já recebe" in chat.last or "ja recebe" in chat.last)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("bad", ["maria.exemplo.com", "maria@exemplo", "a b@c.com"])
def test_keyword_aderir_invalid_email(channel: str, bad: str) -> None:
    """Invalid e-mail: what is wrong, an example, nothing saved."""
    chat = Chat(world(), channel=channel)
    chat.send(f"aderir email {bad}")
    assert chat.effects == [] and "exemplo.com.br" in chat.last and "Nada foi alterado" in chat.last


def test_keyword_aderir_whatsapp() -> None:
    """Channel on: without number this chat; with number normalised; landline/foreign refused."""
    chat = Chat(world(channel_enabled=True))
    chat.send("aderir whatsapp")
    assert enrolled(chat) == [("whatsapp", PHONE, False)]
    chat.send("aderir whatsapp (31) 98888-7777 impressa")
    assert enrolled(chat) == [("whatsapp", "+5531988887777", True)]
    chat.send("aderir whatsapp 31 3333-4444")
    assert chat.effects == [] and "celular" in chat.last
    chat.send("aderir whatsapp +1 202 555 0123")
    assert chat.effects == [] and "Brasil" in chat.last


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("text", ["aderir whatsapp", "cancelar whatsapp", "ADERIR 131030 WHATSAPP"])
def test_whatsapp_refused_when_channel_off(channel: str, text: str) -> None:
    """Channel off: ADERIR/CANCELAR WHATSAPP get 'WhatsApp não está disponível', no effect."""
    chat = Chat(world(), channel=channel)
    chat.send(text)
    assert chat.effects == [] and "WhatsApp n" in chat.last


def test_keyword_aderir_by_stranger_after_cpf() -> None:
    """A UC not bound to the number: CPF first, then the enrolment completes."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("aderir 200200 email joao@exemplo.com.br")
    assert chat.effects == [] and "CPF" in chat.last
    chat.send(JOAO_CPF)
    assert enrolled(chat) == [("email", "joao@exemplo.com.br", False)]


@pytest.mark.parametrize("channel", CHANNELS)
def test_adesao_lists_masked_or_says_none(channel: str) -> None:
    """ADESAO and menu 3-2: masked enrolments; none → how to enrol."""
    view = world(channel_enabled=True)
    chat = Chat(view, channel=channel)
    chat.send("adesao")
    assert "ADERIR" in chat.last
    view.enrolment_rows += [
        EnrollmentInfo(1, "131030", "email", "teste@teste.com", True),
        EnrollmentInfo(2, "131030", "whatsapp", "+5531977776666", False),
    ]
    chat.send("ADESÃO 131030")
    assert "t***@teste.com" in chat.last and "+55 31 9****-6666" in chat.last
    assert "teste@teste.com" not in chat.last and "77776666" not in chat.last
    chat.send("3")
    chat.send("2")
    assert "t***@teste.com" in chat.text


@pytest.mark.parametrize("channel", CHANNELS)
def test_keyword_cancelar(channel: str) -> None:
    """CANCELAR EMAIL: Unenrol when enrolled; 'not enrolled' otherwise."""
    view = world()
    view.enrolment_rows.append(EnrollmentInfo(1, "131030", "email", "teste@teste.com", True))
    chat = Chat(view, channel=channel)
    chat.send("cancelar email outro@teste.com")
    assert chat.effects == [] and "cadastrado" in chat.last
    chat.send("CANCELAR 131030 EMAIL Teste@Teste.com")
    assert chat.effects == [Unenrol("131030", "email", "teste@teste.com")]


def test_cancelar_whatsapp_with_channel_on() -> None:
    """CANCELAR WHATSAPP without number: this chat's enrolment."""
    view = world(channel_enabled=True)
    view.enrolment_rows.append(EnrollmentInfo(1, "131030", "whatsapp", PHONE, False))
    chat = Chat(view)
    chat.send("cancelar whatsapp")
    assert chat.effects == [Unenrol("131030", "whatsapp", PHONE)]


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_cancel_pick(channel: str) -> None:
    """Menu 3-3: numbered enrolments (no WhatsApp ones while Channel is off) → Unenrol."""
    view = world()
    view.enrolment_rows += [
        EnrollmentInfo(1, "131030", "whatsapp", PHONE, False),
        EnrollmentInfo(2, "131030", "email", "teste@teste.com", False),
    ]
    chat = Chat(view, channel=channel)
    chat.send("3")
    chat.send("3")
    assert "1) e-mail t***@teste.com" in chat.text and "WhatsApp" not in chat.text
    chat.send("5")
    assert chat.effects == [] and "1 a 1" in chat.last
    chat.send("1")
    assert chat.effects == [Unenrol("131030", "email", "teste@teste.com")]
    chat.send("cancelar")
    assert "ADERIR" in chat.last  # nothing left to cancel


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
    view.enrolment_rows.append(EnrollmentInfo(1, "131030", "whatsapp", PHONE, False))
    chat = Chat(view)
    chat.send("adesao")
    assert "(pausado)" in chat.last and "+55 31 9****-0000" in chat.last
