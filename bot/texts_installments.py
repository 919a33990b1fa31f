"""Texts of NEGOCIAR/PARCELAR (installment plans), pt-BR; WhatsApp form, SMS form.

The SMS forms keep each step within two segments (the offer, the term), like the debts list.
`plan_made` and `plan_refused*` are said by the edge once the plan is made (or not).
"""

from __future__ import annotations

TERM_VERSION = "2026-12-parc-v1"

INSTALLMENT_TEXTS: dict[str, str | tuple[str, str]] = {
    "plan_debt": (
        "Faturas vencidas da UC {uc}:\n{lines}\nCom multa e juros até hoje{discount}, o total "
        "para negociar é {total}.",
        "UC {uc} vencidas: {lines}. Total hoje{discount}: {total}.",
    ),
    "plan_discount": (" e o desconto de {amount}", " c/ desconto {amount}"),
    "plan_options": (
        "Escolha como pagar:\n{lines}\nResponda com o número da opção.",
        "Opcoes: {lines}. Responda o numero.",
    ),
    "plan_term": (
        "Termo de acordo (confissão de dívida)\nEu, titular da UC {uc}, reconheço a dívida de "
        "{total} ({months}) e aceito pagar a entrada de {down} até {due} e mais {count} "
        "parcela(s) mensal(is) de {installment}{last}, a primeira em {first}. Sem a entrada "
        "paga até {due}, o acordo é desfeito; com {overdue} parcelas em atraso, o saldo é "
        "cobrado de uma vez.\nConfirma? Responda SIM ou NÃO.",
        "Acordo UC {uc}: reconheco divida de {total}; pago entrada {down} ate {due} + "
        "{count}x {installment}{last}. Sem entrada, acordo cai. SIM ou NAO?",
    ),
    "plan_last": (" (a última de {amount})", " (ultima {amount})"),
    "plan_registering": (
        "Certo! Estamos registrando o seu acordo. O código da entrada chega em seguida.",
        "Certo! Registrando o acordo. O codigo da entrada vem a seguir.",
    ),
    "plan_dropped": "Tudo bem, nenhum acordo foi feito. Envie MENU para ver as opções.",
    "plan_nothing": (
        "A UC {uc} não tem faturas vencidas para negociar. Para ver o que está em aberto, "
        "envie DEBITOS.",
        "A UC {uc} nao tem faturas vencidas para negociar. Envie DEBITOS para ver o que esta "
        "em aberto.",
    ),
    "plan_none": (
        "O total vencido da UC {uc} ({total}) não permite parcelar dentro das regras da "
        "distribuidora. Para pagar, envie BARRA; para conversar, envie ATENDENTE.",
        "O total da UC {uc} ({total}) nao permite parcelar. Envie BARRA para pagar ou ATENDENTE.",
    ),
    "plan_exists": (
        "A UC {uc} já tem um acordo de parcelamento em andamento. Para o código da entrada ou "
        "de uma parcela, envie BARRA.",
        "A UC {uc} ja tem um acordo em andamento. Envie BARRA para o codigo.",
    ),
    # Said by the edge (services.chat.plan_effects)
    "plan_made": (
        "Acordo nº {id} registrado! Pague a entrada de {down} até {due}.",
        "Acordo {id} registrado! Pague a entrada {down} ate {due}.",
    ),
    "plan_pdf_coming": (
        "O PDF do acordo, com a data e o valor de cada parcela, chega aqui em instantes.",
        "O link do acordo, com as parcelas, chega a seguir.",
    ),
    "plan_refused": (
        "Não foi possível registrar o acordo: {why} Envie NEGOCIAR para ver as opções de novo.",
        "Nao foi possivel registrar o acordo: {why} Envie NEGOCIAR de novo.",
    ),
}
