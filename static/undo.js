/* Ctrl+Z (⌘Z on a Mac) on the map page sends the Undo form — except while typing in a field,
   where the browser's own undo of the text applies. Without JavaScript the button does the same. */
(function () {
  "use strict";
  var form = document.getElementById("undo-form");
  if (!form) { return; }
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) { return; }
    if ((event.key || "").toLowerCase() !== "z") { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    event.preventDefault();
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
})();
