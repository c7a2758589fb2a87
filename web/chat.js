/*
 * Praxis-Assistent – Dr. med. Klase Neurochirurgie
 * Minimal chat client for the Rasa REST channel (Rasa 3.x).
 *
 *   POST ${RASA_URL}/webhooks/rest/webhook
 *   body: {"sender": "<id>", "message": "<text>"}
 *   answer: [{"recipient_id": "...", "text": "...", "buttons": [{"title", "payload"}]}, ...]
 *
 * RASA_URL defaults to http://localhost:5005 and can be overridden with
 * ?rasa=http://host:port  (only http/https URLs are accepted).
 *
 * Security: bot text is never inserted via innerHTML; everything is built
 * with text nodes / createElement, so HTML in messages is shown literally.
 */
(function () {
  "use strict";

  var DEFAULT_RASA_URL = "http://localhost:5005";
  var REQUEST_TIMEOUT_MS = 30000;
  var MAX_HISTORY = 200;
  var GREETING = "Hallo";
  var ERROR_TEXT =
    "Der Assistent ist gerade nicht erreichbar. Im Notfall wählen Sie bitte 112.";

  var KEY_SENDER = "klase_chat_sender_id";
  var KEY_GREETED = "klase_chat_greeted";
  var KEY_HISTORY = "klase_chat_history";

  /* ------------------------------------------------------------------ */
  /* sessionStorage with in-memory fallback (private mode, file:// etc.) */
  /* ------------------------------------------------------------------ */

  var memoryStore = {};
  var store = {
    get: function (key) {
      try {
        var v = window.sessionStorage.getItem(key);
        if (v !== null) return v;
      } catch (e) { /* ignore */ }
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    },
    set: function (key, value) {
      memoryStore[key] = String(value);
      try {
        window.sessionStorage.setItem(key, String(value));
      } catch (e) { /* ignore */ }
    }
  };

  /* ------------------------------------------------------------------ */
  /* Configuration                                                      */
  /* ------------------------------------------------------------------ */

  function resolveRasaUrl() {
    var candidate = null;
    try {
      candidate = new URLSearchParams(window.location.search).get("rasa");
    } catch (e) { /* old browser – use default */ }
    if (candidate) {
      try {
        var u = new URL(candidate.trim());
        if (u.protocol === "http:" || u.protocol === "https:") {
          // keep an optional path prefix (reverse proxy), drop trailing slashes
          return (u.origin + u.pathname).replace(/\/+$/, "");
        }
      } catch (e) { /* invalid URL */ }
      if (window.console) {
        console.warn("Ungültiger ?rasa=-Parameter, verwende " + DEFAULT_RASA_URL);
      }
    }
    return DEFAULT_RASA_URL;
  }

  var RASA_URL = resolveRasaUrl();
  var WEBHOOK_URL = RASA_URL + "/webhooks/rest/webhook";

  function randomId() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    var hex = "";
    for (var j = 0; j < bytes.length; j++) {
      hex += ("0" + bytes[j].toString(16)).slice(-2);
    }
    return "web-" + hex;
  }

  function getSenderId() {
    var id = store.get(KEY_SENDER);
    if (!id) {
      id = randomId();
      store.set(KEY_SENDER, id);
    }
    return id;
  }

  var SENDER_ID = getSenderId();

  /* ------------------------------------------------------------------ */
  /* DOM                                                                */
  /* ------------------------------------------------------------------ */

  var list = document.getElementById("messages");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var sendBtn = document.getElementById("chat-send");

  var busy = false;
  var typingEl = null;
  var history = loadHistory();

  function loadHistory() {
    try {
      var raw = store.get(KEY_HISTORY);
      var parsed = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return [];
    }
  }

  function saveHistory() {
    if (history.length > MAX_HISTORY) {
      history = history.slice(history.length - MAX_HISTORY);
    }
    try {
      store.set(KEY_HISTORY, JSON.stringify(history));
    } catch (e) { /* ignore */ }
  }

  function scrollToBottom() {
    list.scrollTop = list.scrollHeight;
  }

  /* Append text to `parent`, turning "\n" into <br> and http(s) URLs into
     links. Only text nodes and createElement are used – no innerHTML. */
  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;

  function appendLine(parent, line) {
    var last = 0;
    var match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(line)) !== null) {
      var url = match[0];
      // do not swallow trailing punctuation
      var trail = "";
      var m = /[.,;:!?)\]]+$/.exec(url);
      if (m) {
        trail = m[0];
        url = url.slice(0, url.length - trail.length);
      }
      if (match.index > last) {
        parent.appendChild(document.createTextNode(line.slice(last, match.index)));
      }
      var a = document.createElement("a");
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = url;
      parent.appendChild(a);
      if (trail) parent.appendChild(document.createTextNode(trail));
      last = match.index + match[0].length;
    }
    if (last < line.length) {
      parent.appendChild(document.createTextNode(line.slice(last)));
    }
  }

  function appendText(parent, text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    for (var i = 0; i < lines.length; i++) {
      if (i > 0) parent.appendChild(document.createElement("br"));
      appendLine(parent, lines[i]);
    }
  }

  function isSafeImageUrl(src) {
    try {
      var u = new URL(src, window.location.href);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch (e) {
      return false;
    }
  }

  /*
   * entry: {from: "user"|"bot"|"error", text?, image?, buttons?, used?}
   * Returns the created element.
   */
  function renderEntry(entry) {
    var wrap = document.createElement("div");
    wrap.className = "msg msg--" + (entry.from === "user" ? "user" : "bot") +
      (entry.from === "error" ? " msg--error" : "");

    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = entry.from === "user" ? "Sie: " : "Assistent: ";

    if (entry.text || entry.image) {
      var bubble = document.createElement("p");
      bubble.className = "msg__bubble";
      bubble.appendChild(who);
      if (entry.text) appendText(bubble, entry.text);
      if (entry.image && isSafeImageUrl(entry.image)) {
        var img = document.createElement("img");
        img.className = "msg__image";
        img.src = entry.image;
        img.alt = "";
        img.loading = "lazy";
        img.referrerPolicy = "no-referrer";
        bubble.appendChild(img);
      }
      if (entry.from === "error") bubble.setAttribute("role", "alert");
      wrap.appendChild(bubble);
    }

    if (entry.buttons && entry.buttons.length) {
      var group = document.createElement("div");
      group.className = "msg__buttons";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Antwortmöglichkeiten");
      entry.buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.className = "msg__button";
        btn.textContent = b.title;
        if (entry.used) btn.disabled = true;
        btn.addEventListener("click", function () {
          if (busy) return;
          entry.used = true;
          var siblings = group.querySelectorAll("button");
          for (var i = 0; i < siblings.length; i++) siblings[i].disabled = true;
          saveHistory();
          send(b.payload, b.title);
          input.focus();
        });
        group.appendChild(btn);
      });
      wrap.appendChild(group);
    }

    list.appendChild(wrap);
    scrollToBottom();
    return wrap;
  }

  function addEntry(entry, persist) {
    renderEntry(entry);
    if (persist !== false) {
      history.push(entry);
      saveHistory();
    }
  }

  function showTyping() {
    hideTyping();
    typingEl = document.createElement("div");
    typingEl.className = "msg msg--bot msg--typing";
    var bubble = document.createElement("p");
    bubble.className = "msg__bubble";
    var sr = document.createElement("span");
    sr.className = "visually-hidden";
    sr.textContent = "Der Assistent schreibt";
    var dots = document.createElement("span");
    dots.className = "typing-dots";
    dots.setAttribute("aria-hidden", "true");
    dots.textContent = "…";
    bubble.appendChild(sr);
    bubble.appendChild(dots);
    typingEl.appendChild(bubble);
    list.appendChild(typingEl);
    list.setAttribute("aria-busy", "true");
    scrollToBottom();
  }

  function hideTyping() {
    if (typingEl && typingEl.parentNode) typingEl.parentNode.removeChild(typingEl);
    typingEl = null;
    list.removeAttribute("aria-busy");
  }

  function setBusy(state) {
    busy = state;
    sendBtn.disabled = state;
    if (state) showTyping(); else hideTyping();
  }

  /* ------------------------------------------------------------------ */
  /* Rasa communication                                                 */
  /* ------------------------------------------------------------------ */

  function postToRasa(message) {
    var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS)
      : null;

    return fetch(WEBHOOK_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ sender: SENDER_ID, message: message }),
      signal: controller ? controller.signal : undefined,
      credentials: "omit",
      cache: "no-store"
    }).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }).then(function (data) {
      if (!Array.isArray(data)) throw new Error("Unerwartete Antwort");
      return data;
    }).finally(function () {
      if (timer) clearTimeout(timer);
    });
  }

  function normaliseButtons(buttons) {
    if (!Array.isArray(buttons)) return [];
    var out = [];
    buttons.forEach(function (b) {
      if (!b || typeof b !== "object") return;
      var title = b.title != null ? String(b.title) : "";
      var payload = b.payload != null ? String(b.payload) : title;
      if (!title && !payload) return;
      out.push({ title: title || payload, payload: payload || title });
    });
    return out;
  }

  function renderBotMessages(messages) {
    messages.forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var text = typeof m.text === "string" ? m.text : "";
      var image = typeof m.image === "string" ? m.image : "";
      var buttons = normaliseButtons(m.buttons);
      if (!text && !image && !buttons.length) return;
      var entry = { from: "bot" };
      if (text) entry.text = text;
      if (image) entry.image = image;
      if (buttons.length) entry.buttons = buttons;
      addEntry(entry);
    });
  }

  /*
   * message: what is sent to Rasa
   * display: what is shown as the user's bubble (null = show nothing)
   * Returns a promise resolving to true on success.
   */
  function send(message, display) {
    if (busy) return Promise.resolve(false);
    message = String(message);
    if (!message.trim()) return Promise.resolve(false);

    if (display !== null) {
      addEntry({ from: "user", text: display === undefined ? message : String(display) });
    }
    setBusy(true);

    return postToRasa(message).then(function (data) {
      setBusy(false);
      renderBotMessages(data);
      return true;
    }, function (err) {
      setBusy(false);
      if (window.console) console.error("Rasa-Anfrage fehlgeschlagen:", err);
      // error notices are not persisted: after a reload they would be stale
      addEntry({ from: "error", text: ERROR_TEXT }, false);
      return false;
    });
  }

  /* ------------------------------------------------------------------ */
  /* Wiring                                                             */
  /* ------------------------------------------------------------------ */

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    send(text);
    input.focus();
  });

  // Enter submits the form natively (single-line input); this also covers
  // browsers/IME setups where implicit submission is flaky.
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    }
  });

  // Restore the conversation of this browser session (e.g. after reload).
  history.forEach(function (entry) { renderEntry(entry); });

  // Greet once per browser session. The flag is only set after the bot
  // answered, so a failed first attempt is retried on the next page load.
  if (store.get(KEY_GREETED) !== "1") {
    send(GREETING, null).then(function (ok) {
      if (ok) store.set(KEY_GREETED, "1");
    });
  }
})();
