// Portal: follow a bulk upload's sending ("Terkirim n dari m") without reloading:
// the progress block is fetched again every few seconds until nothing is queued.
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box || box.dataset.waiting === "0") { return; }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .getElementById("batch-progress");
        if (!fresh) { return; }
        box.innerHTML = fresh.innerHTML;
        box.dataset.waiting = fresh.dataset.waiting;
        if (fresh.dataset.waiting !== "0") { window.setTimeout(poll, 3000); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
})();
