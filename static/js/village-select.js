// Progressive enhancement: a village select (`data-villages-of="<id of the
// kecamatan select>"`) shows only the chosen kecamatan's villages. Village codes
// start with their kecamatan's (`64.72.03.1004` in `64.72.03`). Without
// JavaScript the full list, grouped by kecamatan, is shown and the server checks
// that the village lies in the kecamatan.
(function () {
  "use strict";
  document.querySelectorAll("select[data-villages-of]").forEach(function (villages) {
    var kecamatan = document.getElementById(villages.getAttribute("data-villages-of"));
    if (!kecamatan) { return; }
    var groups = Array.prototype.slice.call(villages.querySelectorAll("optgroup"));
    function show() {
      var prefix = kecamatan.value ? kecamatan.value + "." : "";
      var chosen = villages.value;
      groups.forEach(function (group) {
        if (group.parentNode) { group.parentNode.removeChild(group); }
      });
      groups.forEach(function (group) {  // in their first order
        var first = group.querySelector("option");
        if (!prefix || (first && first.value.indexOf(prefix) === 0)) {
          villages.appendChild(group);
        }
      });
      villages.value = prefix && chosen.indexOf(prefix) !== 0 ? "" : chosen;
    }
    kecamatan.addEventListener("change", show);
    show();
  });
})();
