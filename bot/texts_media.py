"""Texts of messages that are not typed words: photos of a bill, voice notes, videos,
locations, stickers, contacts and files (pt-BR; WhatsApp form, SMS form in 160 characters)."""

from __future__ import annotations

MEDIA_TEXTS: dict[str, str | tuple[str, str]] = {
    "photo_reading": (
        "Recebi sua foto! 📷 Vou ler o código da fatura, um instante…",
        "Recebi sua foto. Vou ler o codigo da fatura, um instante.",
    ),
    "photo_not_ours": (
        "Essa conta não é nossa: o código é de outra empresa. Para pagá-la, use o app do seu "
        "banco ou fale com quem a emitiu. Para as suas faturas de energia, envie MENU.",
        "Essa conta e de outra empresa, nao nossa. Pague pelo app do banco ou fale com quem a "
        "emitiu. Faturas de energia: envie MENU.",
    ),
    "photo_no_code": (
        "Não achei um código de barras nem um QR code nessa foto. Tente outra, com a fatura "
        "inteira, reta e bem iluminada, ou envie o número da UC. Envie MENU para as opções.",
        "Nao achei codigo de barras nem QR code na foto. Tente outra, com a fatura inteira e "
        "bem iluminada, ou envie o numero da UC.",
    ),
    "photo_refused": (
        "Não consegui abrir essa imagem (o limite é 5 MB). Envie uma foto menor da fatura, "
        "ou o número da UC. Envie MENU para as opções.",
        "Nao consegui abrir a imagem (limite 5 MB). Envie uma foto menor da fatura ou o "
        "numero da UC.",
    ),
    "photo_old": (
        "Essa fatura é antiga e não aparece mais por aqui. Envie DEBITOS para ver o que está "
        "em aberto ou ATENDENTE para falar com uma pessoa.",
        "Essa fatura e antiga e nao aparece mais aqui. DEBITOS: faturas em aberto. ATENDENTE: "
        "falar com uma pessoa.",
    ),
    "photo_open": (
        "Li sua fatura de {month} (UC {uc}), de {amount}: está em aberto, vence em {due}.",
        "Fatura {month} UC {uc} ({amount}): em aberto, vence {due}.",
    ),
    "photo_paid": (
        "Li sua fatura de {month} (UC {uc}), de {amount}: já está paga. 👍",
        "Fatura {month} UC {uc} ({amount}): ja esta paga.",
    ),
    "photo_state": (
        "Li sua fatura de {month} (UC {uc}), de {amount}: {status}.",
        "Fatura {month} UC {uc} ({amount}): {status}.",
    ),
    "media_audio": (
        'Ainda não ouço áudios. 🙉 Escreva o que precisa, por exemplo "quero a 2ª via" ou '
        '"código de barras". Envie MENU para ver as opções.',
        "Ainda nao ouco audios. Escreva o que precisa, ex: 2VIA ou BARRA. MENU: opcoes.",
    ),
    "media_video": (
        'Ainda não vejo vídeos. Escreva o que precisa, por exemplo "quero a 2ª via" ou '
        '"estou sem luz". Envie MENU para ver as opções.',
        "Ainda nao vejo videos. Escreva o que precisa, ex: 2VIA ou FALTA. MENU: opcoes.",
    ),
    "media_location": (
        "Recebi sua localização. 📍 Se está sem energia aí, responda FALTA que eu registro o "
        "aviso. Para outras coisas, envie MENU.",
        "Recebi sua localizacao. Sem energia ai? Responda FALTA para avisar. MENU: opcoes.",
    ),
    "media_sticker": (
        "😊 Se precisar de algo, é só escrever!",
        "Se precisar de algo, e so escrever!",
    ),
    "media_contact": (
        "Recebi o contato, mas não consigo usar contatos por aqui. Para cadastrar outro "
        "número na fatura digital, envie MENU e escolha Fatura digital.",
        "Nao consigo usar contatos por aqui. Para a fatura digital em outro numero, envie MENU.",
    ),
    "media_document": (
        "Ainda não leio arquivos. Se for uma fatura, mande uma foto dela ou o número da UC. "
        "Envie MENU para ver as opções.",
        "Ainda nao leio arquivos. Se for uma fatura, mande uma foto ou o numero da UC. MENU: "
        "opcoes.",
    ),
    "photo_unavailable": (
        "Não consegui baixar sua foto agora, desculpe. Envie de novo daqui a pouco, ou o "
        "número da UC. Envie MENU para as opções.",
        "Nao consegui baixar sua foto agora. Envie de novo daqui a pouco ou o numero da UC.",
    ),
    # Taps on WhatsApp lists and buttons (bot/taps.py); SMS has none.
    "tap_stale": "Essa opção é de uma mensagem anterior e já foi respondida.",
    "tap_stale_waiting": (
        "Essa opção é de uma mensagem anterior. Responda, por favor, à pergunta mais recente."
    ),
}
