// Atendimentos: keeps the waiting list fresh without reloading the page, by asking the
// server for it every few seconds (admin/views_handoffs.py, /admin/atendimentos/aguardando.json).
"use strict";

(function () {
  const table = document.getElementById("waiting");
  if (!table) return;
  const rows = document.getElementById("waiting-rows");
  const count = document.getElementById("waiting-count");
  const note = document.getElementById("waiting-note");
  const EVERY_MS = 4000;
  const COLUMNS = ["protocol", "opened", "waited", "channel", "phone", "uc", "reason", "situation"];

  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function row(item) {
    const tr = document.createElement("tr");
    tr.dataset.id = String(item.id);
    for (const name of COLUMNS) {
      tr.appendChild(cell(item[name], name === "protocol" ? "code" : name === "waited" ? "num" : ""));
    }
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = "Conversa";
    const last = document.createElement("td");
    last.appendChild(link);
    tr.appendChild(last);
    return tr;
  }

  function draw(data) {
    const fresh = document.createDocumentFragment();
    for (const item of data.waiting) fresh.appendChild(row(item));
    if (!data.waiting.length) {
      const tr = document.createElement("tr");
      tr.className = "empty";
      const td = cell("Nenhum.", "muted");
      td.colSpan = COLUMNS.length + 1;
      tr.appendChild(td);
      fresh.appendChild(tr);
    }
    rows.replaceChildren(fresh);
    count.textContent = String(data.count);
    note.textContent = "";
  }

  async function poll() {
    try {
      const answer = await fetch(table.dataset.pollUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      if (answer.redirected || !answer.ok) {
        note.textContent = "Sessão encerrada: entre de novo para ver a lista atualizada.";
        return;
      }
      draw(await answer.json());
    } catch (error) {
      note.textContent = "Sem conexão; tentando de novo…";
    }
    window.setTimeout(poll, EVERY_MS);
  }

  window.setTimeout(poll, EVERY_MS);
})();
