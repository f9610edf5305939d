// Live chat over WebSocket (protocol v1, docs/protocol.md). The page works without this file: the form
// POSTs and the server redirects back. With it: live messages, automatic reconnect with backoff, resend of
// unacknowledged messages with the same client_id, dedupe by seq, typing and "seen" indicators.
// Every piece of text goes into the page with textContent, never innerHTML.
(function () {
  "use strict";

  var root = document.getElementById("chat");
  if (!root || root.dataset.live !== "true" || !("WebSocket" in window)) return;

  var strings = JSON.parse(document.getElementById("chat-strings").textContent);
  var conversationId = root.dataset.conversationId;
  var me = Number(root.dataset.userId);
  var log = document.getElementById("chat-log");
  var statusEl = document.getElementById("chat-status");
  var typingEl = document.getElementById("chat-typing");
  var closedEl = document.getElementById("chat-closed");
  var alertsEl = document.getElementById("chat-alerts");
  var form = document.getElementById("composer");
  var textarea = document.getElementById("chat-text");
  var storageKey = "peercircle.chat.pending." + conversationId;
  var PERMANENT = {
    conversation_ended: 1, blocked: 1, muted: 1, suspended: 1, text_too_long: 1, empty_text: 1,
    invalid_client_id: 1, invalid_frame: 1, not_found: 1
  };

  var lastSeq = Number(root.dataset.lastSeq) || 0;
  var peerReadSeq = Number(root.dataset.peerReadSeq) || 0;
  var pending = loadPending(); // client_id -> text, in send order; survives a reload in this tab
  var socket = null;
  var attempts = 0;
  var failedHandshakes = 0;
  var reconnectTimer = null;
  var typingTimer = null;
  var lastTypingSent = 0;
  var ready = false;
  var stopped = false;

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function setStatus(text, offline) {
    statusEl.textContent = text;
    statusEl.classList.toggle("offline", !!offline);
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function loadPending() {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) || "[]");
    } catch (e) {
      return [];
    }
  }

  function savePending() {
    try { sessionStorage.setItem(storageKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The text shown instead of a cleared message, or "" when the message keeps its text.
  function placeholder(msg) {
    if (msg.is_removed) return strings.removed;
    if (msg.is_deleted) return strings.deleted;
    if (msg.is_expired) return strings.expired;
    return "";
  }

  function messageNode(msg, stateText) {
    var mine = msg.sender_id === me;
    var classes = "msg " + (msg.kind === "system" ? "system" : mine ? "mine" : "theirs");
    if (msg.kind === "moderator") classes += " moderator";
    if (msg.is_held) classes += " held";
    var li = el("li", classes);
    if (msg.seq) { li.id = "m-" + msg.seq; li.dataset.seq = msg.seq; }
    li.dataset.clientId = msg.client_id || "";
    if (msg.kind !== "system") li.appendChild(el("span", "who", mine ? strings.you : msg.sender_handle));
    li.appendChild(el("span", "text", placeholder(msg) || msg.text));
    var meta = el("span", "meta");
    if (msg.created_at) {
      var time = el("time", "", new Date(msg.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
      time.setAttribute("datetime", msg.created_at);
      meta.appendChild(time);
    }
    var state = el("span", "state", stateText || (msg.is_held ? strings.held : ""));
    meta.appendChild(state);
    if (!mine && msg.kind === "user" && msg.id && !placeholder(msg)) {
      var report = el("a", "report", strings.report);
      report.href = "/safety/report/?target_type=message&target_id=" + encodeURIComponent(msg.id);
      meta.appendChild(report);
    }
    li.appendChild(meta);
    return li;
  }

  function pendingNode(clientId) {
    return log.querySelector('li[data-client-id="' + CSS.escape(clientId) + '"]:not([data-seq])');
  }

  function insertBySeq(node, seq) {
    var items = log.querySelectorAll("li[data-seq]");
    for (var i = items.length - 1; i >= 0; i--) {
      if (Number(items[i].dataset.seq) < seq) {
        items[i].after(node);
        return;
      }
    }
    log.prepend(node);
  }

  function showMessage(msg) {
    if (document.getElementById("m-" + msg.seq)) return; // already shown: dedupe by seq
    var node = messageNode(msg);
    if (msg.sender_id === me && msg.client_id) {
      var local = pendingNode(msg.client_id);
      if (local) local.remove();
      pending = pending.filter(function (item) { return item.client_id !== msg.client_id; });
      savePending();
    }
    // Confirmed messages sit in seq order, before any that still wait for their acknowledgement.
    insertBySeq(node, msg.seq);
    if (msg.seq > lastSeq) lastSeq = msg.seq;
    if (msg.sender_id !== me) typingEl.textContent = "";
    updateSeen();
    markRead();
  }

  function updateSeen() {
    var mineNodes = log.querySelectorAll("li.mine[data-seq]:not(.held)");
    mineNodes.forEach(function (node) {
      var state = node.querySelector(".state");
      if (state && (state.textContent === strings.seen || state.textContent === strings.sent)) state.textContent = "";
    });
    var last = mineNodes[mineNodes.length - 1];
    if (!last) return;
    var state = last.querySelector(".state");
    if (state) state.textContent = Number(last.dataset.seq) <= peerReadSeq ? strings.seen : strings.sent;
  }

  function markRead() {
    if (document.visibilityState === "visible" && ready && lastSeq > 0) send({ type: "read", seq: lastSeq });
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function sendPending() {
    pending.forEach(function (item) {
      send({ type: "send", client_id: item.client_id, text: item.text });
    });
  }

  function failPending(clientId, reason) {
    pending = pending.filter(function (item) { return item.client_id !== clientId; });
    savePending();
    var node = pendingNode(clientId);
    if (node) {
      node.classList.add("failed");
      node.querySelector(".state").textContent = strings.not_sent + ": " + reason;
    }
  }

  function closeComposer(reason) {
    if (form) form.hidden = true;
    if (closedEl) { closedEl.textContent = reason; closedEl.hidden = false; }
  }

  function showAlert(frame) {
    // Crisis cards and notifications come from the safety and notification apps; their own scripts can
    // render them richly by listening for this event. A plain, escaped card is the fallback.
    var event = new CustomEvent("peercircle:event", { detail: frame, cancelable: true });
    if (!document.dispatchEvent(event)) return;
    if (!frame.type.startsWith("crisis.") || !(frame.title || frame.body)) return;
    var card = el("div", "card");
    card.setAttribute("role", "alert");
    if (frame.title) card.appendChild(el("h2", "", frame.title));
    if (frame.body) card.appendChild(el("p", "", frame.body));
    if (frame.url && frame.url.charAt(0) === "/") {
      var link = el("a", "button primary", frame.link_text || frame.title || frame.url);
      link.href = frame.url;
      card.appendChild(link);
    }
    alertsEl.appendChild(card);
  }

  function onFrame(frame) {
    switch (frame.type) {
      case "history":
        (frame.messages || []).forEach(showMessage);
        if (frame.complete) {
          ready = true;
          attempts = 0;
          failedHandshakes = 0;
          if (frame.read_state) {
            Object.keys(frame.read_state).forEach(function (uid) {
              if (Number(uid) !== me) peerReadSeq = Math.max(peerReadSeq, frame.read_state[uid]);
            });
            updateSeen();
          }
          setStatus(strings.connected);
          if (!frame.can_send) closeComposer(frame.reason);
          sendPending();
          markRead();
        }
        break;
      case "message":
        showMessage(frame.message);
        break;
      case "ack":
        pending = pending.filter(function (item) { return item.client_id !== frame.client_id; });
        savePending();
        var node = pendingNode(frame.client_id);
        if (node && !document.getElementById("m-" + frame.seq)) {
          node.id = "m-" + frame.seq;
          node.dataset.seq = frame.seq;
          if (frame.is_held) node.classList.add("held");
          node.querySelector(".state").textContent = frame.is_held ? strings.held : strings.sent;
          node.remove();
          insertBySeq(node, frame.seq);
          updateSeen();
        } else if (node) {
          node.remove();
        }
        break;
      case "notice":
        setStatus(frame.message);
        break;
      case "error":
        if (frame.client_id && PERMANENT[frame.code]) {
          failPending(frame.client_id, frame.message);
        } else if (frame.code === "rate_limited") {
          setStatus(frame.message, true);
          setTimeout(sendPending, 5000);
        }
        if (frame.code === "conversation_ended" || frame.code === "blocked") closeComposer(frame.message);
        break;
      case "typing":
        typingEl.textContent = fmt(strings.typing, { handle: frame.handle });
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typingEl.textContent = ""; }, 5000);
        break;
      case "seen":
        if (frame.user_id !== me) {
          peerReadSeq = Math.max(peerReadSeq, frame.seq);
          updateSeen();
        }
        break;
      case "removed":
        var removed = document.getElementById("m-" + frame.seq);
        if (removed) {
          // `reason` (expired, deleted) was added later; frames without one are moderator removals.
          removed.querySelector(".text").textContent = strings[frame.reason] || strings.removed;
          var reportLink = removed.querySelector(".report");
          if (reportLink) reportLink.remove();
        }
        break;
      case "state":
        if (frame.code) closeComposer(frame.reason);
        break;
      default:
        if (frame.type && (frame.type.startsWith("crisis.") || frame.type.startsWith("notification."))) {
          showAlert(frame);
        }
    }
  }

  function scheduleReconnect() {
    if (stopped || reconnectTimer) return;
    if (!navigator.onLine) {
      setStatus(strings.offline, true);
      return; // the "online" event reconnects
    }
    var delay = Math.min(30, Math.pow(2, attempts)) * (0.75 + Math.random() * 0.5);
    attempts += 1;
    setStatus(fmt(strings.reconnecting, { seconds: Math.round(delay) }), true);
    reconnectTimer = setTimeout(function () { reconnectTimer = null; connect(); }, delay * 1000);
  }

  function checkStillAllowed() {
    // A refused handshake looks like a network error to the browser; ask the API whether we may be here.
    fetch(root.dataset.apiUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          stopped = true;
          setStatus(strings.unavailable, true);
        }
      })
      .catch(function () { /* offline: keep retrying */ });
  }

  function connect() {
    if (stopped) return;
    ready = false;
    setStatus(strings.connecting);
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var opened = false;
    try {
      socket = new WebSocket(scheme + location.host + root.dataset.wsPath);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket.onopen = function () {
      opened = true;
      send({ type: "hello", v: 1, last_seq: lastSeq });
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      onFrame(frame);
    };
    socket.onclose = function () {
      ready = false;
      socket = null;
      if (!opened) {
        failedHandshakes += 1;
        if (failedHandshakes >= 2) checkStillAllowed();
      }
      scheduleReconnect();
    };
  }

  function queueMessage(text) {
    var clientId = newClientId();
    pending.push({ client_id: clientId, text: text });
    savePending();
    log.appendChild(messageNode({ client_id: clientId, sender_id: me, kind: "user", text: text }, strings.sending));
    if (ready) send({ type: "send", client_id: clientId, text: text });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = textarea.value;
      if (!text.trim()) return;
      queueMessage(text);
      textarea.value = "";
      textarea.focus();
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (ready && now - lastTypingSent > 3000) {
        lastTypingSent = now;
        send({ type: "typing" });
      }
    });
  }

  // Messages typed before a reload but never acknowledged are shown again and resent after hello.
  pending.forEach(function (item) {
    log.appendChild(messageNode({ client_id: item.client_id, sender_id: me, kind: "user", text: item.text }, strings.sending));
  });
  window.addEventListener("online", function () {
    if (!socket && !stopped) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
      attempts = 0;
      connect();
    }
  });
  window.addEventListener("offline", function () {
    setStatus(strings.offline, true);
    if (socket) socket.close();
  });
  document.addEventListener("visibilitychange", markRead);
  // Keep-alive and resync: the server answers a ping with any message whose live push went missing.
  setInterval(function () { if (ready) send({ type: "ping" }); }, 25000);
  updateSeen();
  connect();
})();
