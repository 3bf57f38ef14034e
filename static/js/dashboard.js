// Dashboard charts (Chart.js, vendored). The same numbers are in the tables beside
// each chart, so nothing depends on this script.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var teal = "#0b5563", orange = "#c25e00";
  function bar(id, labels, datasets) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false }
    });
  }
  bar("chart-active", data.active.map(function (r) { return r.year; }), [
    { label: data.labels.active, data: data.active.map(function (r) { return r.active; }), backgroundColor: teal },
    { label: data.labels.registered, data: data.active.map(function (r) { return r.total; }), backgroundColor: "#9cc" }
  ]);
  bar("chart-programs", data.programs.map(function (r) { return r.year; }), [
    { label: data.labels.participants, data: data.programs.map(function (r) { return r.participants; }), backgroundColor: teal },
    { label: data.labels.completed, data: data.programs.map(function (r) { return r.completed; }), backgroundColor: orange }
  ]);
  bar("chart-enterprises", data.enterprises.map(function (r) { return r.scale; }), [
    { label: data.labels.smes, data: data.enterprises.map(function (r) { return r.count; }), backgroundColor: teal }
  ]);
  if (data.financing) {
    bar("chart-financing", data.financing.map(function (r) { return r.month; }), [
      { label: data.labels.disbursed, data: data.financing.map(function (r) { return Number(r.disbursed); }), backgroundColor: teal }
    ]);
  }
  if (data.par) {
    bar("chart-par", data.par.map(function (r) { return r.label; }), [
      { label: data.labels.outstanding, data: data.par.map(function (r) { return Number(r.outstanding); }), backgroundColor: orange },
      { label: data.labels.par, data: data.par.map(function (r) { return Number(r.par); }), backgroundColor: teal }
    ]);
  }
  if (data.par_months) {
    bar("chart-par-months", data.par_months.map(function (r) { return r.month; }), [
      { label: data.labels.outstanding, data: data.par_months.map(function (r) { return Number(r.outstanding); }), backgroundColor: orange },
      { label: data.labels.par30, data: data.par_months.map(function (r) { return Number(r.par30); }), backgroundColor: teal }
    ]);
  }
})();
