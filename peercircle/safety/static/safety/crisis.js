// Crisis cards and peer guidance arriving live. chat.js re-dispatches every "crisis.*" frame as a cancelable
// "peercircle:event" on document; this script renders the server-made card and cancels chat.js's plain one.
(function () {
  "use strict";
  function slot() { return document.getElementById("crisis-slot"); }

  function isForThisPage(frame, container) {
    var here = container.dataset.conversationId || "";
    // Cards about a story or answer (no conversation) show on any page with a slot.
    return frame.conversation_id === null || frame.conversation_id === undefined || here === "" ||
      String(frame.conversation_id) === here;
  }

  function render(frame) {
    var container = slot();
    if (!container || !isForThisPage(frame, container)) { return false; }
    var selector = '[data-escalation-id="' + Number(frame.escalation_id) + '"]';
    if (frame.type === "crisis.closed") {
      var guidance = container.querySelector(selector + '[data-role="peer"]');
      if (guidance) { guidance.remove(); }
      return true;
    }
    if (typeof frame.html !== "string") { return false; }
    var holder = document.createElement("div");
    holder.innerHTML = frame.html; // rendered and escaped by the server's template
    var card = holder.firstElementChild;
    if (!card) { return false; }
    var existing = container.querySelector(selector);
    if (existing) { existing.replaceWith(card); } else { container.insertBefore(card, container.firstChild); }
    if (window.htmx) { window.htmx.process(card); }
    // The slot sits above the conversation, so on a phone, or far down a long chat, a new card would arrive
    // out of sight: bring it into view, and move focus to an urgent card's heading so it is read first.
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    card.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
    if (frame.type === "crisis.card" && frame.level === "urgent") {
      var heading = card.querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    }
    return true;
  }

  window.PeerCircle = window.PeerCircle || {};
  window.PeerCircle.crisis = render;
  document.addEventListener("peercircle:event", function (event) {
    var frame = event.detail || {};
    if (typeof frame.type === "string" && frame.type.indexOf("crisis.") === 0 && render(frame)) {
      event.preventDefault();
    }
  });
})();
