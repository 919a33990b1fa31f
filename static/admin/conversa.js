// A conversation page: adds the consumer's new messages, the bot's replies and the staff
// messages' delivery status as they come, without reloading (it asks the server every few
// seconds: admin/views_handoffs.py, .../mensagens.json). Text goes in as text, never as HTML.
"use strict";

(function () {
  const list = document.getElementById("transcript");
  if (!list) return;
  const note = document.getElementById("poll-note");
  const state = document.getElementById("handoff-state");
  const changed = document.getElementById("changed");
  const EVERY_MS = 3000;

  function span(className, text) {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function status(line) {
    const holder = span("status status-" + line.status, "");
    holder.appendChild(span("badge", line.status_label));
    if (line.error) {
      holder.appendChild(document.createTextNode(" "));
      holder.appendChild(span("error", line.error));
    }
    return holder;
  }

  function item(line) {
    const li = document.createElement("li");
    li.className = line.side;
    li.dataset.key = line.key;
    li.dataset.status = line.status;
    const time = document.createElement("time");
    time.textContent = line.time;
    li.appendChild(time);
    if (line.author) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(span("who", line.kind ? line.author + " · " + line.kind : line.author));
    }
    if (line.simulated_by) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(span("simulated", "simulado por " + line.simulated_by));
    }
    const text = document.createElement("p");
    text.textContent = line.text;
    li.appendChild(text);
    if (line.status) li.appendChild(status(line));
    return li;
  }

  function update(line, li) {
    if (li.dataset.status === line.status) return;
    li.dataset.status = line.status;
    const old = li.querySelector(".status");
    if (old) old.replaceWith(status(line));
    else li.appendChild(status(line));
  }

  function draw(data) {
    const shown = new Map();
    for (const li of list.querySelectorAll("li[data-key]")) shown.set(li.dataset.key, li);
    let before = null;
    for (const line of data.lines.slice().reverse()) {
      const li = shown.get(line.key);
      if (li) {
        update(line, li);
        before = li;
        continue;
      }
      const fresh = item(line);
      list.insertBefore(fresh, before ? before : null);
      before = fresh;
    }
    for (const empty of list.querySelectorAll("li.empty")) empty.remove();
    if (state && data.state) {
      state.textContent = data.state.text;
      if (data.state.key !== state.dataset.key && changed) changed.hidden = false;
    }
    note.textContent = "";
  }

  async function poll() {
    try {
      const answer = await fetch(list.dataset.pollUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      if (answer.redirected || !answer.ok) {
        note.textContent = "Sessão encerrada: entre de novo para ver as novas mensagens.";
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
