"""The messages of a storm: who writes and what, as consumers do when the power goes out.

Most senders are not on file (a storm brings people who never wrote before); each follows a
short script, one line per message, so conversations continue across the bench's steps:
outage reports above all (free text, so the intent classifier is in the path), greetings and
keywords, menu numbers, and the CPF a number not on file answers when asked who it is."""

from __future__ import annotations

from stack import Request, document, phone, signed

ON_FILE = (
    "estou sem luz",
    "oi",
    "acabou a energia aqui na rua toda",
    "4",
    "falta de luz desde as 18h, e agora?",
    "menu",
    "sem energia ainda",
    "obrigado",
)
NOT_ON_FILE = (
    "boa noite, estou sem energia",
    "4",
    "{cpf}",
    "caiu a luz no bairro inteiro",
    "FALTA",
    "quanto eu devo?",
    "a luz nao voltou ainda",
    "ajuda",
)


def sender(number: int, users: int) -> str:
    """The number-th sender: the first `users` are consumers on file, the rest are numbers
    nobody has on file (a distinct range)."""
    return phone(number) if number < users else f"+55219{70000000 + number:08d}"


class Storm:
    """Signed messages from `numbers` senders taking turns, each following its script."""

    def __init__(self, base: str, numbers: int, users: int) -> None:
        """Senders 0..numbers-1; the first `users` of them are on file."""
        self.base, self.numbers, self.users = base, numbers, users
        self.sent = 0

    def next_batch(self, count: int, tag: str) -> list[Request]:
        """The next `count` messages; MessageSids start with `SM{tag}-`, so a step's rows can
        be found again in the database."""
        batch = []
        for _ in range(count):
            number, turn = self.sent % self.numbers, self.sent // self.numbers
            batch.append(self._message(number, turn, f"SM{tag}-{self.sent:07d}"))
            self.sent += 1
        return batch

    def _message(self, number: int, turn: int, sid: str) -> Request:
        """Sender `number`'s `turn`-th message, on WhatsApp (three in four) or SMS."""
        script = ON_FILE if number < self.users else NOT_ON_FILE
        body = script[turn % len(script)].format(cpf=document(number % self.users))
        channel = "sms" if number % 4 == 3 else "whatsapp"
        return signed(self.base, channel, sender(number, self.users), body, sid)
