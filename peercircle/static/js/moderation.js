// Moderation queue: live crisis alerts over ws/moderation/ and ticking "time waiting". No inline scripts (CSP).
(function () {
  "use strict";
  var body = document.getElementById("queue-body");
  if (!body) { return; }
  var statusEl = document.getElementById("moderation-status");
  var alertsEl = document.getElementById("live-alerts");
  var stringsEl = document.getElementById("moderation-strings");
  var strings = stringsEl ? JSON.parse(stringsEl.textContent) : {};
  var attempts = 0;

  function t(key, fallback) { return strings[key] || fallback; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function sameOriginPath(url) { return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/"; }

  function formatWaiting(seconds) {
    if (seconds < 60) { return t("seconds", "%s s").replace("%s", String(seconds)); }
    return t("minutes", "%s min").replace("%s", String(Math.floor(seconds / 60)));
  }
  function tick() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll("time.waiting[data-since]"), function (node) {
      var since = Date.parse(node.dataset.since);
      if (!isNaN(since)) { node.textContent = formatWaiting(Math.max(0, Math.round((now - since) / 1000))); }
    });
  }

  function rowFor(kind, id) { return body.querySelector('tr[data-kind="' + kind + '"][data-id="' + id + '"]'); }
  function levelRank(level) { return level === "urgent" ? 0 : level === "concern" ? 1 : 2; }

  function upsertEscalation(esc) {
    var row = rowFor("escalation", esc.id);
    if (esc.status === "closed") { if (row) { row.remove(); } return; }
    if (!row) {
      row = el("tr", "queue-item");
      row.dataset.kind = "escalation";
      row.dataset.id = esc.id;
      var first = Array.prototype.find.call(body.querySelectorAll("tr.queue-item"), function (other) {
        var otherLevel = (other.className.match(/level-(\w+)/) || [])[1];
        return levelRank(otherLevel) > levelRank(esc.level);
      });
      body.insertBefore(row, first || null);
      var empty = document.getElementById("queue-empty");
      if (empty) { empty.remove(); }
    }
    row.className = "queue-item level-" + esc.level + " fresh";
    row.textContent = "";
    var level = el("td");
    level.appendChild(el("span", "level-tag " + esc.level, esc.level === "urgent" ? t("urgent", "Urgent") : t("concern", "Concern")));
    var item = el("td");
    var link = el("a", "", t("escalation", "Escalation #%s").replace("%s", esc.id) + " (" + esc.content_type + ")");
    if (sameOriginPath(esc.url)) { link.href = esc.url; }
    item.appendChild(link);
    if (esc.reasons && esc.reasons.length) { item.appendChild(el("div", "muted reasons", esc.reasons.slice(0, 3).join("; "))); }
    if (esc.member_said_not_crisis) { item.appendChild(el("div", "tag", t("not_crisis", "Member said: not a crisis"))); }
    var waiting = el("td");
    var time = el("time", "waiting");
    time.dataset.since = esc.waiting_since;
    time.setAttribute("datetime", esc.waiting_since);
    waiting.appendChild(time);
    var status = el("td", "", esc.acknowledged_by ? esc.status + " (" + esc.acknowledged_by + ")" : esc.status);
    [level, item, waiting, status].forEach(function (cell) { row.appendChild(cell); });
    tick();
  }

  function showAlert(event) {
    var esc = event.escalation;
    var title = event.reason === "realert"
      ? t("realert", "Still waiting: an urgent alert has not been acknowledged")
      : esc.level === "urgent" ? t("new_urgent", "New urgent crisis alert") : t("new_concern", "New concern for the queue");
    var card = el("div", "live-alert card " + esc.level);
    card.dataset.escalationId = esc.id;
    card.appendChild(el("strong", "", title));
    if (esc.reasons && esc.reasons.length) { card.appendChild(el("p", "muted", esc.reasons.slice(0, 3).join("; "))); }
    if (sameOriginPath(esc.url)) {
      var open = el("a", "button primary", t("open", "Open alert"));
      open.href = esc.url;
      card.appendChild(open);
    }
    var old = alertsEl.querySelector('[data-escalation-id="' + esc.id + '"]');
    if (old) { old.remove(); }
    alertsEl.insertBefore(card, alertsEl.firstChild);
  }

  function onEvent(data) {
    if (data.type === "moderation.alert") {
      upsertEscalation(data.escalation);
      showAlert(data);
    } else if (data.type === "moderation.update") {
      upsertEscalation(data.escalation);
      if (data.escalation.status !== "open") {
        var banner = alertsEl.querySelector('[data-escalation-id="' + data.escalation.id + '"]');
        if (banner) { banner.remove(); }
      }
    } else if (data.type === "moderation.report") {
      var r = data.report;
      if (rowFor("report", r.id)) { return; }
      var row = el("tr", "queue-item level-" + (r.is_safety_report ? "urgent" : "report") + " fresh");
      row.dataset.kind = "report";
      row.dataset.id = r.id;
      var cell = el("td");
      var link = el("a", "", t("report", "Report #%s").replace("%s", r.id) + " (" + r.target_type + ")");
      if (sameOriginPath(r.url)) { link.href = r.url; }
      cell.appendChild(link);
      cell.appendChild(el("div", "muted", r.category));
      var waiting = el("td");
      var time = el("time", "waiting");
      time.dataset.since = new Date().toISOString();
      waiting.appendChild(time);
      [el("td", "", r.is_safety_report ? t("safety_report", "Safety report") : t("report_label", "Report")), cell, waiting, el("td", "", "open")]
        .forEach(function (c) { row.appendChild(c); });
      body.appendChild(row);
      var empty = document.getElementById("queue-empty");
      if (empty) { empty.remove(); }
      tick();
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/moderation/");
    socket.onmessage = function (message) {
      var data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data.type === "hello") {
        attempts = 0;
        if (statusEl) { statusEl.textContent = t("live", "Live: new alerts appear here at once."); }
        document.body.dataset.moderationLive = "true";
        return;
      }
      onEvent(data);
    };
    socket.onclose = function () {
      document.body.dataset.moderationLive = "false";
      if (statusEl) { statusEl.textContent = t("reconnecting", "Reconnecting to live alerts…"); }
      attempts += 1;
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, Math.min(attempts, 5))));
    };
  }

  tick();
  setInterval(tick, 15000);
  connect();
})();
