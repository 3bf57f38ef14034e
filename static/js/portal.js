// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers and keyboards land on it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Money inputs: show 1.250.000 as the user types (the server accepts both forms).
  // Only plain digits are regrouped: `1250000.00` or `1.250.000,5` stay as typed for
  // the server to refuse, instead of turning into a hundred times the amount.
  function group(value) {
    var negative = value.trim().charAt(0) === "-";
    var digits = value.replace(/[^0-9]/g, "");
    if (!digits) { return negative ? "-" : ""; }
    var grouped = digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (negative ? "-" : "") + grouped;
  }
  document.querySelectorAll("input.money").forEach(function (input) {
    input.addEventListener("blur", function () {
      if (/^\s*-?\s*(rp\.?\s*)?[0-9]+\s*$/i.test(input.value)) {
        input.value = group(input.value);
      }
    });
  });
})();
