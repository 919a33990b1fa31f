// Chat simulator: posts to /simulator/send (which signs and calls the real webhook) and
// polls /simulator/outbox for documents the outbox channel recorded for this number.
"use strict";
const log = document.getElementById("log");
const form = document.getElementById("composer");
const input = document.getElementById("text");
const channel = document.getElementById("channel");
const phone = document.getElementById("phone");
let lastOutbox = 0;

function bubble(kind, text, url, name) {
  const div = document.createElement("div");
  div.className = "msg " + kind;
  div.textContent = text;
  if (url) {
    const link = document.createElement("a");
    link.href = url; link.target = "_blank"; link.textContent = "PDF: " + (name || "documento");
    div.appendChild(document.createElement("br"));
    div.appendChild(link);
  }
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
}

async function pollOutbox() {
  const query = new URLSearchParams({ phone: phone.value, after: String(lastOutbox) });
  const response = await fetch("/simulator/outbox?" + query);
  if (!response.ok) return;
  for (const item of (await response.json()).items) {
    lastOutbox = Math.max(lastOutbox, item.id);
    if (item.medium === channel.value) bubble("doc", item.text, item.url, item.document);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  bubble("me", text);
  const response = await fetch("/simulator/send", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content,
    },
    body: JSON.stringify({ channel: channel.value, phone: phone.value, text }),
  });
  const body = await response.json();
  if (!response.ok) { bubble("bot", "⚠️ " + (body.message || body.error)); return; }
  for (const reply of body.replies) bubble("bot", reply);
});

channel.addEventListener("change", () => { document.body.className = channel.value; });
setInterval(pollOutbox, 1000);
