// mlgov's own site script: sortable tables (with tablesort, vendored in static/vendor/)
// and the dashboard's filters. It runs on the page alone: nothing is fetched, no storage used.
(function () {
  "use strict";

  function sortable(root) {
    if (typeof Tablesort === "undefined") return; // tablesort failed to load: tables stay put
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

    // A page of rows at a time (data-page-size): a browser lays out a few hundred rows in
    // a blink but took seconds for thousands, on each filter and sort. The rest stay hidden
    // until asked for; the count says how many match. Each row's text is lower-cased once.
    var size = parseInt(table.dataset.pageSize || "0", 10) || Infinity;
    var limit = size;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "mlgov-more-rows";
    more.hidden = true;
    more.addEventListener("click", function () {
      limit = Infinity;
      apply();
    });

    function matches(row, needle, wanted) {
      if (needle) {
        if (row.mlgovText === undefined) row.mlgovText = row.textContent.toLowerCase();
        if (row.mlgovText.indexOf(needle) < 0) return false;
      }
      for (var k = 0; k < wanted.length; k++) {
        if (row.dataset[wanted[k].key] !== wanted[k].value) return false;
      }
      return true;
    }

    function apply() {
      var needle = text.value.trim().toLowerCase();
      var wanted = selects
        .filter(function (f) {
          return f.select.value;
        })
        .map(function (f) {
          return { key: f.key, value: f.select.value };
        });
      var matching = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var keep = matches(row, needle, wanted);
        if (keep) matching += 1;
        var show = keep && matching <= limit;
        if (row.hidden === show) row.hidden = !show;
      });
      var shown = Math.min(matching, limit);
      count.textContent =
        shown < matching
          ? "first " + shown + " of " + matching + " matching (" + rows.length + " in all)"
          : shown + " of " + rows.length + " shown";
      more.hidden = shown >= matching;
      more.textContent = "Show all " + matching;
    }

    function restart() {
      limit = size; // a new filter or order starts again from the first page
      apply();
    }

    text.addEventListener("input", restart);
    selects.forEach(function (f) {
      f.select.addEventListener("change", restart);
    });
    table.addEventListener("mlgov:sorted", restart);
    bar.appendChild(more);
    table.parentNode.insertBefore(bar, table);
    apply();
  }

  // The dashboard sorts itself: one pass reads each row's key (data-sort, else its text), one
  // array sort, all rows put back in one operation. Tablesort reads innerText and moves rows
  // one at a time, which took seconds at a thousand rows.
  function sortKey(row, col) {
    var cell = row.cells[col];
    if (!cell) return { num: NaN, text: "" };
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    var text = raw.trim().toLowerCase();
    return { num: text !== "" && isFinite(text) ? parseFloat(text) : NaN, text: text };
  }

  function compare(a, b) {
    if (!isNaN(a.key.num) && !isNaN(b.key.num) && a.key.num !== b.key.num) {
      return a.key.num - b.key.num;
    }
    if (a.key.text !== b.key.text) return a.key.text < b.key.text ? -1 : 1;
    return a.index - b.index; // stable: equal keys keep their order
  }

  function sortBy(table, heads, col) {
    var body = table.tBodies[0];
    var head = heads[col];
    var descending = head.getAttribute("aria-sort") === "ascending";
    var items = Array.prototype.map.call(body.rows, function (row, index) {
      return { row: row, index: index, key: sortKey(row, col) };
    });
    items.sort(compare);
    if (descending) items.reverse();
    var ordered = items.map(function (item) {
      return item.row;
    });
    if (body.replaceChildren) {
      // one operation: moving rows one by one cost seconds at 10,000 rows in Chromium
      body.replaceChildren.apply(body, ordered);
    } else {
      var fragment = document.createDocumentFragment();
      ordered.forEach(function (row) {
        fragment.appendChild(row);
      });
      body.appendChild(fragment);
    }
    Array.prototype.forEach.call(heads, function (h) {
      h.removeAttribute("aria-sort");
    });
    head.setAttribute("aria-sort", descending ? "descending" : "ascending");
    table.dispatchEvent(new CustomEvent("mlgov:sorted"));
  }

  function quickSortable(table) {
    if (table.dataset.mlgovSorted || !table.tHead || !table.tBodies.length) return;
    table.dataset.mlgovSorted = "1"; // Tablesort leaves it alone
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (head, col) {
      head.tabIndex = 0;
      head.classList.add("mlgov-sortable");
      head.addEventListener("click", function () {
        sortBy(table, heads, col);
      });
      head.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, heads, col);
        }
      });
    });
  }

  function init() {
    document.querySelectorAll("table.mlgov-filterable").forEach(quickSortable);
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
      var said = el.hasAttribute("data-stale"); // the built page says STALE already
      if (!said && !isNaN(limit) && minutes > limit * 60) text += ", STALE";
      el.textContent = text;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
