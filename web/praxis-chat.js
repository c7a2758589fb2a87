/*
 * Praxis-Assistent: the chat of the practice's website. One file, no dependencies.
 *
 * Widget (a chat button in the corner of any page), as the web agency embeds it:
 *   <script src="https://ASSISTENT/praxis-chat.js" data-assistant="https://ASSISTENT:5005" defer></script>
 * Full-page chat (web/chat.html): the same script with data-mode="page"; it fills
 * the element with id "praxis-chat".
 *
 * data-assistant: address of the Rasa server (REST channel: POST /webhooks/rest/webhook
 * {"sender", "message"} -> [{"text", "buttons": [{"title", "payload"}]}]). The browser
 * may only call it from origins the server allows (PRAXIS_CORS_ORIGINS, see README).
 * The stylesheet praxis-chat.css and praxis-kontakt.json (the practice's phone number,
 * written from practice.yml by scripts/run.sh) are loaded from beside this script.
 *
 * Security: every text (the bot's and the patient's) is inserted as text nodes,
 * never with innerHTML, so HTML in a message is shown literally.
 * Privacy: the conversation is kept in sessionStorage, so it survives reloads and
 * navigation within the site but is gone when the browser (tab) is closed: on a
 * shared computer the next person does not see it. "Neues Gespräch" clears it at once.
 * A notice above the first message says what is stored and for how long
 * (praxis-kontakt.json: aufbewahrung_tage, datenschutz_url). The menu shows the
 * conversation number (the first 8 characters of the random sender id, for a request
 * by phone or letter) and "Gespräch löschen", which deletes the conversation on the
 * server (DELETE /webhooks/rest/conversations/<sender>) and in the browser.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.praxisChatLoaded) return;
  window.praxisChatLoaded = true;

  var STORAGE_KEY = "praxis-chat";
  var GREETING = "/greet"; // the greet intent: greeting, notice and topic buttons from Rasa
  var REQUEST_TIMEOUT_MS = 30000;
  var MAX_HISTORY = 200;
  var PAGE_MODE = script.getAttribute("data-mode") === "page";
  var BASE_URL = new URL(".", script.src).href;
  var WEBHOOK_URL = assistantUrl(script.getAttribute("data-assistant"));
  // Overwritten by praxis-kontakt.json; 112 is the emergency number everywhere in Germany.
  var contact = { telefon: "", notruf: "112", aufbewahrung_tage: 30, datenschutz_url: "" };
  var CODE_LENGTH = 8; // the conversation number: the start of the sender id
  var uid = 0;

  var CONVERSATIONS_URL = WEBHOOK_URL && WEBHOOK_URL.replace(/webhook$/, "conversations/");

  function assistantUrl(value) {
    try {
      var url = new URL(String(value || "").trim(), window.location.href);
      if (url.protocol === "http:" || url.protocol === "https:") {
        return (url.origin + url.pathname).replace(/\/+$/, "") + "/webhooks/rest/webhook";
      }
    } catch (e) { /* reported below */ }
    if (window.console) console.error("praxis-chat.js: data-assistant fehlt oder ist ungültig.");
    return null;
  }

  /* ---------------------------------------------------------------- */
  /* State in sessionStorage (in-memory when storage is unavailable)  */
  /* ---------------------------------------------------------------- */

  var memory = null;

  function newState() {
    return { sender: randomId(), history: [], queue: [], open: false };
  }

  function loadState() {
    var raw = null;
    try { raw = window.sessionStorage.getItem(STORAGE_KEY); } catch (e) { raw = memory; }
    try {
      var state = raw ? JSON.parse(raw) : null;
      if (state && typeof state.sender === "string" && Array.isArray(state.history) &&
          Array.isArray(state.queue)) {
        return state;
      }
    } catch (e) { /* broken entry: start afresh */ }
    return newState();
  }

  function saveState() {
    if (state.history.length > MAX_HISTORY) {
      state.history = state.history.slice(state.history.length - MAX_HISTORY);
    }
    var raw = JSON.stringify(state);
    memory = raw;
    try { window.sessionStorage.setItem(STORAGE_KEY, raw); } catch (e) { /* memory only */ }
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) hex += ("0" + bytes[i].toString(16)).slice(-2);
    return hex;
  }

  var state = loadState();

  /* ---------------------------------------------------------------- */
  /* DOM helpers: elements and text only, never innerHTML             */
  /* ---------------------------------------------------------------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function id(name) {
    uid += 1;
    return "pxc-" + name + "-" + uid;
  }

  function phoneLink(number) {
    var link = el("a", "pxc-link", number);
    link.href = "tel:" + number.replace(/[^\d+]/g, "");
    return link;
  }

  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;

  // Text with line breaks and clickable http(s) links, as text nodes.
  function appendText(parent, text) {
    String(text).replace(/\r\n?/g, "\n").split("\n").forEach(function (line, index) {
      if (index > 0) parent.appendChild(document.createElement("br"));
      var last = 0;
      var match;
      URL_RE.lastIndex = 0;
      while ((match = URL_RE.exec(line)) !== null) {
        var url = match[0].replace(/[.,;:!?)\]]+$/, "");
        parent.appendChild(document.createTextNode(line.slice(last, match.index)));
        var link = el("a", "pxc-link", url);
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        parent.appendChild(link);
        last = match.index + url.length;
      }
      parent.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  /* ---------------------------------------------------------------- */
  /* The chat view (the same in the widget and on chat.html)          */
  /* ---------------------------------------------------------------- */

  var titleId = id("title");
  var noticeId = id("notice");
  var inputId = id("input");

  var panel = el("div", "pxc-panel");
  panel.id = id("panel");

  var header = el("div", "pxc-header");
  var title = el(PAGE_MODE ? "h1" : "h2", "pxc-title", "Praxis-Assistent");
  title.id = titleId;
  var menuButton = el("button", "pxc-header-button", "Menü");
  menuButton.type = "button";
  menuButton.setAttribute("aria-expanded", "false");
  header.appendChild(title);
  header.appendChild(menuButton);
  var closeButton = null;
  if (!PAGE_MODE) {
    closeButton = el("button", "pxc-header-button pxc-close");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "Chat schließen");
    var cross = el("span", "", "×");
    cross.setAttribute("aria-hidden", "true");
    closeButton.appendChild(cross);
    header.appendChild(closeButton);
  }

  var notice = el("p", "pxc-notice");
  notice.id = noticeId;
  var emergencyInNotice = phoneLink(contact.notruf);
  notice.appendChild(document.createTextNode(
    "Digitaler Assistent: allgemeine Informationen, keine Diagnose und kein Ersatz für " +
    "eine ärztliche Beratung. Im Notfall: "));
  notice.appendChild(emergencyInNotice);
  notice.appendChild(document.createTextNode("."));

  // The menu (a disclosure below the header): conversation number, new, delete.
  var menu = el("div", "pxc-menu");
  menu.id = id("menu");
  menu.hidden = true;
  menuButton.setAttribute("aria-controls", menu.id);
  var codeLine = el("p", "pxc-menu-text");
  var codeText = el("span", "", "");
  codeLine.appendChild(codeText);
  var copyButton = el("button", "pxc-menu-button", "Nummer kopieren");
  copyButton.type = "button";
  var codeHint = el("p", "pxc-menu-text pxc-small",
    "Mit dieser Nummer kann die Praxis Ihr Gespräch auch auf Ihren Wunsch löschen " +
    "(telefonisch oder per Brief).");
  var newButton = el("button", "pxc-menu-button", "Neues Gespräch");
  newButton.type = "button";
  var deleteButton = el("button", "pxc-menu-button pxc-danger", "Gespräch löschen");
  deleteButton.type = "button";
  var confirmBox = el("div", "pxc-confirm");
  confirmBox.hidden = true;
  confirmBox.appendChild(el("p", "pxc-menu-text",
    "Das ganze Gespräch wird auf dem Server der Praxis und in diesem Browser gelöscht."));
  var confirmButton = el("button", "pxc-menu-button pxc-danger", "Endgültig löschen");
  confirmButton.type = "button";
  var cancelButton = el("button", "pxc-menu-button", "Abbrechen");
  cancelButton.type = "button";
  confirmBox.appendChild(confirmButton);
  confirmBox.appendChild(cancelButton);
  [codeLine, copyButton, codeHint, newButton, deleteButton, confirmBox].forEach(function (node) {
    menu.appendChild(node);
  });

  function conversationCode() {
    return state.sender.slice(0, CODE_LENGTH);
  }

  function showCode() {
    codeText.textContent = "Ihre Gesprächsnummer: " + conversationCode();
  }

  function setMenu(open) {
    menu.hidden = !open;
    confirmBox.hidden = true;
    menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) showCode();
  }

  // Above the first message: what is stored, how long, how to delete it.
  var privacy = el("p", "pxc-privacy");
  function renderPrivacy() {
    while (privacy.firstChild) privacy.removeChild(privacy.firstChild);
    privacy.appendChild(el("strong", "", "Datenschutz: "));
    privacy.appendChild(document.createTextNode(
      "Ihre Nachrichten werden gespeichert, damit der Assistent antworten kann, und nach " +
      contact.aufbewahrung_tage + " Tagen gelöscht. Sofort löschen: Menü, dann " +
      "„Gespräch löschen“. Bitte schreiben Sie keine Namen, Telefonnummern oder " +
      "Geburtsdaten."));
    if (contact.datenschutz_url) {
      privacy.appendChild(document.createTextNode(" "));
      var link = el("a", "pxc-link", "Datenschutzerklärung der Praxis");
      link.href = contact.datenschutz_url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      privacy.appendChild(link);
    }
  }
  renderPrivacy();

  var log = el("div", "pxc-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Gesprächsverlauf");
  log.tabIndex = 0; // scrollable with the keyboard

  var status = el("div", "pxc-status");

  var form = el("form", "pxc-form");
  form.setAttribute("autocomplete", "off");
  form.noValidate = true;
  var label = el("label", "pxc-visually-hidden", "Ihre Nachricht an den Praxis-Assistenten");
  label.htmlFor = inputId;
  var input = el("input", "pxc-input");
  input.id = inputId;
  input.type = "text";
  input.maxLength = 1000;
  input.placeholder = "Ihre Nachricht …";
  input.setAttribute("aria-describedby", noticeId);
  input.setAttribute("enterkeyhint", "send");
  var sendButton = el("button", "pxc-send", "Senden");
  sendButton.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);

  panel.appendChild(header);
  panel.appendChild(menu);
  panel.appendChild(notice);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(form);

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // entry: {from: "user"|"bot", text, buttons: [{title, payload}], used}
  function renderEntry(entry) {
    var row = el("div", "pxc-msg pxc-msg--" + (entry.from === "user" ? "user" : "bot"));
    if (entry.text) {
      var bubble = el("p", "pxc-bubble");
      bubble.appendChild(el("span", "pxc-visually-hidden",
        entry.from === "user" ? "Sie: " : "Assistent: "));
      appendText(bubble, entry.text);
      row.appendChild(bubble);
    }
    if (entry.buttons && entry.buttons.length) {
      var group = el("div", "pxc-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Antwortmöglichkeiten");
      entry.buttons.forEach(function (button) {
        var node = el("button", "pxc-choice", button.title);
        node.type = "button";
        node.disabled = !!entry.used;
        node.addEventListener("click", function () {
          entry.used = true;
          var all = group.querySelectorAll("button");
          for (var i = 0; i < all.length; i++) all[i].disabled = true;
          send(button.payload, button.title);
          input.focus();
        });
        group.appendChild(node);
      });
      row.appendChild(group);
    }
    log.insertBefore(row, typing.parentNode === log ? typing : null);
    scrollToEnd();
  }

  function addEntry(entry) {
    state.history.push(entry);
    saveState();
    renderEntry(entry);
  }

  var typing = el("div", "pxc-msg pxc-msg--bot pxc-typing");
  (function () {
    var bubble = el("p", "pxc-bubble");
    bubble.appendChild(el("span", "pxc-visually-hidden", "Der Assistent schreibt …"));
    var dots = el("span", "pxc-dots", "• • •");
    dots.setAttribute("aria-hidden", "true");
    bubble.appendChild(dots);
    typing.appendChild(bubble);
  })();

  function setTyping(on) {
    if (on) {
      log.appendChild(typing);
      scrollToEnd();
    } else if (typing.parentNode) {
      typing.parentNode.removeChild(typing);
    }
  }

  // Before the patient's first message the privacy notice stands in view, below the
  // notice; afterwards at the top of the conversation, where it scrolls away.
  function placePrivacy() {
    var asked = state.history.some(function (entry) { return entry.from === "user"; });
    if (asked) {
      privacy.className = "pxc-privacy";
      log.insertBefore(privacy, log.firstChild);
    } else {
      privacy.className = "pxc-privacy pxc-privacy--first";
      panel.insertBefore(privacy, log);
    }
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.history.forEach(renderEntry);
    placePrivacy();
  }

  /* ---------------------------------------------------------------- */
  /* Talking to Rasa: a queue, sent one message at a time, in order   */
  /* ---------------------------------------------------------------- */

  var inFlight = false;
  var offline = false;
  var generation = 0; // bumped by "Neues Gespräch": late answers of the old one are dropped

  function post(message) {
    if (!WEBHOOK_URL) return Promise.reject(new Error("data-assistant fehlt"));
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    return fetch(WEBHOOK_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: message }),
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      if (!Array.isArray(data)) throw new Error("Unerwartete Antwort");
      return data;
    }).finally(function () {
      clearTimeout(timer);
    });
  }

  function botEntries(messages) {
    var entries = [];
    messages.forEach(function (message) {
      if (!message || typeof message !== "object") return;
      var entry = { from: "bot", text: typeof message.text === "string" ? message.text : "" };
      entry.buttons = (Array.isArray(message.buttons) ? message.buttons : [])
        .filter(function (b) { return b && (b.title || b.payload); })
        .map(function (b) {
          return { title: String(b.title || b.payload), payload: String(b.payload || b.title) };
        });
      if (entry.text || entry.buttons.length) entries.push(entry);
    });
    return entries;
  }

  // Sends the queue's first message; on success the next one, until it is empty.
  function pump() {
    if (inFlight || offline || !state.queue.length) return;
    var mine = generation;
    inFlight = true;
    setTyping(true);
    post(state.queue[0].message).then(function (messages) {
      if (mine !== generation) return;
      inFlight = false;
      setTyping(false);
      state.queue.shift();
      botEntries(messages).forEach(addEntry);
      saveState();
      pump();
    }, function (error) {
      if (mine !== generation) return;
      inFlight = false;
      setTyping(false);
      if (window.console) console.error("Praxis-Assistent nicht erreichbar:", error);
      showOffline();
    });
  }

  // message: what Rasa gets; display: the patient's bubble (null for the greeting).
  function send(message, display) {
    message = String(message).trim();
    if (!message) return;
    if (display !== null) {
      addEntry({ from: "user", text: display === undefined ? message : display });
      placePrivacy();
    }
    state.queue.push({ message: message, user: display !== null });
    saveState();
    // A new message is also a new attempt when the assistant was unreachable.
    if (offline) retry(); else pump();
  }

  function greetIfNew() {
    if (!state.history.length && !state.queue.length) send(GREETING, null);
  }

  function showOffline() {
    offline = true;
    while (status.firstChild) status.removeChild(status.firstChild);
    var box = el("div", "pxc-offline");
    box.setAttribute("role", "alert");
    box.appendChild(el("p", "", "Der Praxis-Assistent ist gerade nicht erreichbar." +
      (state.queue.some(function (q) { return q.user; })
        ? " Ihre Nachricht wird gesendet, sobald er wieder erreichbar ist." : "")));
    var instead = el("p");
    if (contact.telefon) {
      instead.appendChild(document.createTextNode("Bitte rufen Sie die Praxis an: "));
      instead.appendChild(phoneLink(contact.telefon));
      instead.appendChild(document.createTextNode("."));
    } else {
      instead.textContent = "Bitte nutzen Sie die Kontaktdaten auf der Webseite der Praxis.";
    }
    box.appendChild(instead);
    var emergency = el("p", "pxc-strong", "Im Notfall wählen Sie sofort den Notruf ");
    emergency.appendChild(phoneLink(contact.notruf));
    emergency.appendChild(document.createTextNode("."));
    box.appendChild(emergency);
    var again = el("button", "pxc-retry", "Erneut versuchen");
    again.type = "button";
    again.addEventListener("click", function () {
      retry();
      input.focus();
    });
    box.appendChild(again);
    status.appendChild(box);
  }

  function retry() {
    offline = false;
    while (status.firstChild) status.removeChild(status.firstChild);
    pump();
  }

  // Forgets the conversation in this browser; late answers of it are dropped.
  function resetConversation() {
    generation += 1;
    inFlight = false;
    offline = false;
    setTyping(false);
    while (status.firstChild) status.removeChild(status.firstChild);
    var open = state.open;
    state = newState();
    state.open = open;
    saveState();
    renderAll();
    setMenu(false);
  }

  function startNewConversation() {
    resetConversation();
    greetIfNew();
    input.focus();
  }

  function showStatus(text, role) {
    while (status.firstChild) status.removeChild(status.firstChild);
    var box = el("p", role === "alert" ? "pxc-offline" : "pxc-done", text);
    box.setAttribute("role", role);
    status.appendChild(box);
  }

  function deleteConversation() {
    var code = conversationCode();
    var url = CONVERSATIONS_URL + encodeURIComponent(state.sender);
    confirmButton.disabled = true;
    fetch(url, { method: "DELETE", credentials: "omit", cache: "no-store" })
      .then(function (response) {
        // 404: nothing stored (any more), e.g. already deleted after the retention.
        if (response.status !== 204 && response.status !== 404) {
          throw new Error("HTTP " + response.status);
        }
        resetConversation();
        showStatus("Ihr Gespräch wurde gelöscht, auf dem Server und in diesem Browser.",
          "status");
        input.focus();
      }, function (error) { throw error; })
      .catch(function () {
        showStatus("Das Löschen hat gerade nicht geklappt. Bitte versuchen Sie es später " +
          "noch einmal oder nennen Sie der Praxis Ihre Gesprächsnummer " + code + ".", "alert");
      })
      .finally(function () { confirmButton.disabled = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text); // queued when the assistant is still answering: never dropped
    input.focus();
  });
  newButton.addEventListener("click", startNewConversation);
  menuButton.addEventListener("click", function () { setMenu(menu.hidden); });
  deleteButton.addEventListener("click", function () {
    confirmBox.hidden = false;
    confirmButton.focus();
  });
  cancelButton.addEventListener("click", function () {
    confirmBox.hidden = true;
    deleteButton.focus();
  });
  confirmButton.addEventListener("click", deleteConversation);
  copyButton.addEventListener("click", function () {
    var code = conversationCode();
    var done = function () { copyButton.textContent = "Kopiert"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code).then(done, function () { /* the number is shown */ });
    }
  });

  /* ---------------------------------------------------------------- */
  /* Widget: launcher, dialog with focus trap, Escape closes          */
  /* ---------------------------------------------------------------- */

  var launcher = null;

  function focusable() {
    var nodes = panel.querySelectorAll("a[href], button:not([disabled]), input, [tabindex='0']");
    return Array.prototype.filter.call(nodes, function (node) {
      return node.offsetParent !== null || node === document.activeElement;
    });
  }

  function openWidget(moveFocus) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    greetIfNew();
    scrollToEnd();
    if (moveFocus) input.focus();
  }

  function closeWidget() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    launcher.focus();
  }

  // A speech bubble drawn as SVG (an emoji would need an emoji font on the computer).
  function chatIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "22");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function buildWidget() {
    var root = el("aside", "pxc pxc--widget");
    root.setAttribute("aria-label", "Chat mit dem Praxis-Assistenten");
    launcher = el("button", "pxc-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-haspopup", "dialog");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", panel.id);
    launcher.appendChild(chatIcon());
    launcher.appendChild(el("span", "", "Chat"));
    launcher.appendChild(el("span", "pxc-visually-hidden", " mit dem Praxis-Assistenten"));
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    panel.setAttribute("aria-labelledby", titleId);
    panel.hidden = true;
    root.appendChild(launcher);
    root.appendChild(panel);

    launcher.addEventListener("click", function () { openWidget(true); });
    closeButton.addEventListener("click", closeWidget);
    // Escape closes the open chat wherever the focus is (also after a click beside it).
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        closeWidget();
      }
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Tab") {
        // Focus trap: Tab and Shift+Tab cycle inside the open dialog.
        var nodes = focusable();
        if (!nodes.length) return;
        var first = nodes[0];
        var last = nodes[nodes.length - 1];
        var index = nodes.indexOf(document.activeElement);
        if (event.shiftKey && (index <= 0)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (index === -1 || index === nodes.length - 1)) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    // Focus that leaves the open dialog (a click on the page behind it) comes back.
    document.addEventListener("focusin", function (event) {
      if (!panel.hidden && !panel.contains(event.target)) input.focus();
    });
    return root;
  }

  /* ---------------------------------------------------------------- */
  /* Start                                                            */
  /* ---------------------------------------------------------------- */

  function loadContact() {
    return fetch(new URL("praxis-kontakt.json", BASE_URL).href, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        if (data && typeof data.telefon === "string") contact.telefon = data.telefon.trim();
        if (data && typeof data.notruf === "string" && data.notruf.trim()) {
          contact.notruf = data.notruf.trim();
          emergencyInNotice.textContent = contact.notruf;
          emergencyInNotice.href = "tel:" + contact.notruf;
        }
        if (data && typeof data.aufbewahrung_tage === "number" && data.aufbewahrung_tage > 0) {
          contact.aufbewahrung_tage = data.aufbewahrung_tage;
        }
        if (data && typeof data.datenschutz_url === "string" &&
            /^https?:\/\//.test(data.datenschutz_url)) {
          contact.datenschutz_url = data.datenschutz_url;
        }
        renderPrivacy();
        if (offline) showOffline(); // the notice now names the phone number
      })
      .catch(function () { /* the notice then points to the practice's website */ });
  }

  // Loads praxis-chat.css from beside the script unless the page links it already;
  // calls done when it is there (or failed), so nothing shows unstyled.
  function loadStylesheet(done) {
    var links = document.querySelectorAll("link[rel='stylesheet']");
    for (var i = 0; i < links.length; i++) {
      if (/praxis-chat\.css(\?|$)/.test(links[i].href)) return done();
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("praxis-chat.css", BASE_URL).href;
    link.onload = link.onerror = done;
    document.head.appendChild(link);
  }

  function start() {
    loadContact();
    renderAll();
    if (PAGE_MODE) {
      var container = document.getElementById("praxis-chat");
      if (!container) {
        if (window.console) console.error("praxis-chat.js: Element #praxis-chat fehlt.");
        return;
      }
      container.classList.add("pxc", "pxc--page");
      container.setAttribute("aria-labelledby", titleId);
      container.appendChild(panel);
      loadStylesheet(function () {});
      greetIfNew();
      pump();
      return;
    }
    var root = buildWidget();
    root.hidden = true;
    document.body.appendChild(root);
    loadStylesheet(function () {
      root.hidden = false;
      // Navigation within the site: the chat stays open where it was open.
      if (state.open) openWidget(true);
      pump();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
