// mlgov's own site script: sortable tables (with tablesort, an npm package of package.json)
// and the dashboard's filters. It runs on the page alone: nothing is fetched, no storage used.
(function () {
  "use strict";

  function sortable(root) {
    if (typeof Tablesort === "undefined") return; // npm packages not installed: tables stay put
    root.querySelectorAll("article table").forEach(function (table) {
      if (table.dataset.mlgovSorted || !table.tHead) return;
      table.dataset.mlgovSorted = "1";
      new Tablesort(table);
    });
  }

  function distinct(rows, key) {
    var seen = {};
    rows.forEach(function (row) {
      var value = row.dataset[key];
      if (value) seen[value] = true;
    });
    return Object.keys(seen).sort();
  }

  function selectFor(rows, key) {
    var select = document.createElement("select");
    select.setAttribute("aria-label", "Filter by " + key);
    select.appendChild(new Option("any " + key, ""));
    distinct(rows, key).forEach(function (value) {
      select.appendChild(new Option(value, value));
    });
    return select;
  }

  // A table opts in with class "mlgov-filterable" and data-filters="risk status team"; each
  // row carries data-risk, data-status, data-team. Free text matches anywhere in the row.
  function filterable(table) {
    if (table.dataset.mlgovFiltered || !table.tBodies.length) return;
    table.dataset.mlgovFiltered = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var keys = (table.dataset.filters || "").split(/\s+/).filter(Boolean);
    var bar = document.createElement("div");
    bar.className = "mlgov-filters";
    var text = document.createElement("input");
    text.type = "search";
    text.placeholder = "Filter rows";
    text.setAttribute("aria-label", "Filter rows by text");
    bar.appendChild(text);
    var selects = keys.map(function (key) {
      var select = selectFor(rows, key);
      bar.appendChild(select);
      return { key: key, select: select };
    });
    var count = document.createElement("span");
    count.className = "mlgov-filter-count";
    count.setAttribute("aria-live", "polite");
    bar.appendChild(count);

    // Each row's text, lower-cased once (on the first filtering): at 10,000 rows reading
    // textContent on every key press is what made typing lag. Only rows whose visibility
    // changes are touched, so the browser re-lays out as little as it must.
    var texts = null;

    function apply() {
      var needle = text.value.trim().toLowerCase();
      if (needle && texts === null) {
        texts = rows.map(function (row) {
          return row.textContent.toLowerCase();
        });
      }
      var wanted = selects
        .filter(function (f) {
          return f.select.value;
        })
        .map(function (f) {
          return { key: f.key, value: f.select.value };
        });
      var shown = 0;
      rows.forEach(function (row, i) {
        var keep = !needle || texts[i].indexOf(needle) >= 0;
        for (var k = 0; keep && k < wanted.length; k++) {
          if (row.dataset[wanted[k].key] !== wanted[k].value) keep = false;
        }
        if (row.hidden === keep) row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " shown";
    }

    text.addEventListener("input", apply);
    selects.forEach(function (f) {
      f.select.addEventListener("change", apply);
    });
    table.parentNode.insertBefore(bar, table);
    apply();
  }

  function init() {
    sortable(document);
    document.querySelectorAll("table.mlgov-filterable").forEach(filterable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Snapshot ages: the page is built once but read later, so the age is worked out when it is
// viewed (the built text gives the age on the build date). Only the page's own data is read.
(function () {
  "use strict";

  function age(minutes) {
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    if (days) return days + " d " + hours + " h";
    return hours ? hours + " h " + (minutes % 60) + " min" : minutes + " min";
  }

  function update() {
    document.querySelectorAll(".mlgov-age[data-taken-at]").forEach(function (el) {
      var taken = Date.parse(el.dataset.takenAt);
      if (isNaN(taken)) return;
      var minutes = Math.max(0, Math.floor((Date.now() - taken) / 60000));
      var text = age(minutes) + (el.hasAttribute("data-short") ? "" : " old now");
      var limit = parseFloat(el.dataset.staleAfter || "");
      if (!isNaN(limit) && minutes > limit * 60) text += ", STALE";
      el.textContent = text;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
