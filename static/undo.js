/* On the map page Ctrl+Z (⌘Z on a Mac) sends the Undo form, Ctrl+Shift+Z or Ctrl+Y the Redo form — except
   while typing in a field, where the browser's own undo of the text applies. Without JavaScript the buttons do the same. */
(function () {
  "use strict";
  var undo = document.getElementById("undo-form"), redo = document.getElementById("redo-form");
  if (!undo) { return; }
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
    var key = (event.key || "").toLowerCase();
    var form = key === "z" ? (event.shiftKey ? redo : undo) : (key === "y" && !event.shiftKey ? redo : null);
    if (!form) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    event.preventDefault();
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
})();
