// Admin: follow a report run's progress without reloading; reload once it ends.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var label = box.querySelector("span");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (run) {
        bar.value = run.progress;
        label.textContent = run.progress + "%";
        if (run.status === "done" || run.status === "failed") { window.location.reload(); }
        else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
