// Present mode (templates/journeys/present.html): the arrow keys follow the page's own links
// (← → phases, ↑ ↓ steps, Esc leaves), and a button asks for full screen. Without this file the
// links and buttons do the same.
(function () {
  "use strict";
  var keys = {
    ArrowRight: "present-next", PageDown: "present-next", ArrowLeft: "present-prev", PageUp: "present-prev",
    ArrowDown: "present-next-step", ArrowUp: "present-prev-step", Escape: "present-exit"
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.key === "Escape" && document.fullscreenElement) { return; }  // the browser leaves full screen
    var link = keys[event.key] && document.getElementById(keys[event.key]);
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
  var button = document.getElementById("present-fullscreen");
  if (button && document.documentElement.requestFullscreen) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    });
  }
}());
