// PeerCircle shell behaviour. No inline scripts anywhere (Content Security Policy).
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = (body && body.dataset.quickExitUrl) || "https://www.bbc.co.uk/weather";

  function quickExit() {
    // Replace the history entry so Back does not return here, and blank the page at once.
    try { document.title = ""; document.body.innerHTML = ""; } catch (e) { /* ignore */ }
    window.location.replace(exitUrl);
  }
  window.PeerCircle = window.PeerCircle || {};
  window.PeerCircle.quickExit = quickExit;

  var button = document.getElementById("quick-exit");
  if (button) { button.addEventListener("click", quickExit); }

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { quickExit(); }
    lastEscape = now;
  });
})();
