// Chat simulator: posts to /simulator/send (which signs and calls the real webhook), a photo
// to /simulator/photo, and polls /simulator/outbox for documents and the answers sent later
// (a photo's reading) that the outbox channel recorded for this number.
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

// A reply with options is drawn as WhatsApp would: a list behind its button, or buttons;
// a tap sends the option's id as Twilio does (ListId / ButtonPayload) with its title.
function drawChoice(choice) {
  const box = document.createElement("div");
  box.className = "choice " + choice.kind;
  const list = choice.kind === "list";
  const items = document.createElement("div");
  items.className = "options";
  for (const [id, title, description] of choice.options) {
    const option = document.createElement("button");
    option.type = "button";
    option.textContent = title;
    option.title = description || "";
    option.addEventListener("click", () => send({ tap: id, list, text: title }, title));
    items.appendChild(option);
  }
  if (list) {
    const open = document.createElement("button");
    open.type = "button"; open.className = "open"; open.textContent = "☰ " + choice.button;
    items.hidden = true;
    open.addEventListener("click", () => { items.hidden = !items.hidden; });
    box.appendChild(open);
  }
  box.appendChild(items);
  log.appendChild(box);
  log.scrollTop = log.scrollHeight;
}

function reply(text, choice) {
  if (choice && channel.value === "whatsapp") {
    bubble("bot", choice.body);
    drawChoice(choice);
  } else {
    bubble("bot", text);
  }
}

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

async function answered(response) {
  const body = await response.json().catch(() => ({ error: "HTTP " + response.status }));
  if (!response.ok) { bubble("bot", "⚠️ " + (body.message || body.error)); return; }
  body.replies.forEach((text, i) => reply(text, (body.choices || [])[i]));
}

async function send(extra, shown) {
  bubble("me", shown);
  await answered(await fetch("/simulator/send", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
    body: JSON.stringify({ channel: channel.value, phone: phone.value, ...extra }),
  }));
}

// The photo is shown as sent (a data: URL, which the page's CSP allows) and posted as a
// form; the server checks its size and type and the bot's reading arrives by the outbox.
function photoBubble(file) {
  const div = document.createElement("div");
  div.className = "msg me photo";
  const image = document.createElement("img");
  image.alt = "📷 " + file.name;
  const reader = new FileReader();
  reader.onload = () => { image.src = reader.result; };
  reader.readAsDataURL(file);
  div.appendChild(image);
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
}

async function sendPhoto(file) {
  photoBubble(file);
  const form = new FormData();
  form.append("channel", channel.value);
  form.append("phone", phone.value);
  form.append("photo", file);
  await answered(await fetch("/simulator/photo", {
    method: "POST", headers: { "X-CSRFToken": csrf() }, body: form,
  }));
}

async function pollOutbox() {
  const query = new URLSearchParams({ phone: phone.value, after: String(lastOutbox) });
  const response = await fetch("/simulator/outbox?" + query);
  if (!response.ok) return;
  for (const item of (await response.json()).items) {
    lastOutbox = Math.max(lastOutbox, item.id);
    if (item.medium !== channel.value) continue;
    if (item.choice) reply(item.text, item.choice);
    else bubble("doc", item.text, item.url, item.document);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  await send({ text }, text);
});

document.getElementById("voice").addEventListener("click", () =>
  send({ voice: true, text: "" }, "🎤 mensagem de voz"));

const picker = document.getElementById("photo");
picker.addEventListener("change", () => {
  const file = picker.files[0];
  picker.value = "";
  if (file) sendPhoto(file);
});

channel.addEventListener("change", () => { document.body.className = channel.value; });
setInterval(pollOutbox, 1000);
