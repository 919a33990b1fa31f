"""The staff blueprint (`/admin`): login, envio digital, 2ª via, parametrização, envios,
atendimentos (taking, answering and closing hand-offs; protocol search), pagamentos, faltas
de energia, mensagens não entendidas; and the app-wide
security set-up (CSRF, headers, staff sessions) that the simulator's gate reuses.

May use: workers (to enqueue after a commit), services, models, billing.
"""
