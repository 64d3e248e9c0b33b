/* vzmap timeline: a time control that shows only the mentions dated in a range.
 *
 * A mention's date (row[8], "YYYY", "YYYY-MM" or "YYYY-MM-DD") is the interval it names (2023-03
 * is 1..31 March); a mention is in the range [from, to] when its interval overlaps it, a place
 * when one of its mentions is. With a range set, undated mentions are out (the readout counts
 * them); with none, everything shows. The control: a histogram of mentions per bin (weeks,
 * months or years, by the span of the data's dates), two handles (native <input type=range>,
 * visually hidden and placed on the drawn handles: they take the keys and speak to screen
 * readers; a pointer or a finger on the track moves the nearest handle), a readout and a reset.
 * The range is in the hash as from=YYYY-MM-DD&to=YYYY-MM-DD (either may be left out: open).
 * Built from map.js's context (vzmap.timeline(V)); no data at all dated: no control.
 */
(function () {
  "use strict";

  var U = window.vzmap.util;
  var el = U.el;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var DAY_MS = 86400000;
  var WEEK_SPAN = 26 * 7;      /* days: up to this span, one bin a week */
  var MONTH_SPAN = 10 * 366;   /* days: up to this span, one bin a month; beyond, a year */
  var PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

  /* ---------- dates (ISO strings "YYYY-MM-DD" compare as strings) ---------- */

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(y, m, d) { return y + "-" + pad(m) + "-" + pad(d); }
  function daysIn(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }  /* m: 1..12 */
  function dayNo(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY_MS; }
  function isoOf(n) { return new Date(n * DAY_MS).toISOString().slice(0, 10); }

  /* The first and last day a partial date names, or null when it is not one. */
  function interval(s) {
    var r = PARTIAL.exec(typeof s === "string" ? s : "");
    if (!r) return null;
    var y = +r[1], m = +r[2], d = +r[3];
    if (!r[2]) return [iso(y, 1, 1), iso(y, 12, 31)];
    if (m < 1 || m > 12) return null;
    if (!r[3]) return [iso(y, m, 1), iso(y, m, daysIn(y, m))];
    return d >= 1 && d <= daysIn(y, m) ? [s, s] : null;
  }

  function dayText(s) { return +s.slice(8, 10) + " " + MONTHS[+s.slice(5, 7) - 1] + " " + s.slice(0, 4); }
  function monthText(s) { return MONTHS[+s.slice(5, 7) - 1] + " " + s.slice(0, 4); }

  /* Both ends in the coarsest unit they are whole in: years, months, else days. */
  function rangeText(from, to) {
    var yearly = (!from || from.slice(5) === "01-01") && (!to || to.slice(5) === "12-31");
    var monthly = (!from || from.slice(8) === "01") &&
      (!to || +to.slice(8) === daysIn(+to.slice(0, 4), +to.slice(5, 7)));
    var f = yearly ? function (s) { return s.slice(0, 4); } : monthly ? monthText : dayText;
    if (from && to) return f(from) + " \u2013 " + f(to);
    return from ? "From " + f(from) : "Until " + f(to);
  }

  /* ---------- bins and the histogram ---------- */

  /* Bins of a week (from Monday), a month or a year covering lo..hi: [{start, end, label}]. */
  function makeBins(lo, hi) {
    var span = dayNo(hi) - dayNo(lo) + 1, bins = [], y, m;
    if (span <= WEEK_SPAN) {
      var n = dayNo(lo) - (new Date(dayNo(lo) * DAY_MS).getUTCDay() + 6) % 7;
      for (; n <= dayNo(hi); n += 7) {
        bins.push({ start: isoOf(n), end: isoOf(n + 6), label: "week of " + dayText(isoOf(n)) });
      }
      return { unit: "week", bins: bins };
    }
    if (span <= MONTH_SPAN) {
      for (y = +lo.slice(0, 4), m = +lo.slice(5, 7); iso(y, m, 1) <= hi; m = m % 12 + 1, y += m === 1 ? 1 : 0) {
        bins.push({ start: iso(y, m, 1), end: iso(y, m, daysIn(y, m)), label: monthText(iso(y, m, 1)) });
      }
      return { unit: "month", bins: bins };
    }
    for (y = +lo.slice(0, 4); y <= +hi.slice(0, 4); y++) {
      bins.push({ start: iso(y, 1, 1), end: iso(y, 12, 31), label: String(y) });
    }
    return { unit: "year", bins: bins };
  }

  /* The index of the bin holding day s (clamped to the bins). */
  function binOf(T, s) {
    var b = T.bins, lo = 0, hi = b.length - 1;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (b[mid].end < s) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Per bin: mentions dated within it ("exact") and those with a vaguer date overlapping it
     ("vague"; each drawn as its share, 1/k of a mention over the k bins it overlaps). */
  function countBins(T, rows) {
    T.bins.forEach(function (b) { b.exact = 0; b.vague = 0; b.share = 0; });
    rows.forEach(function (iv) {
      var i = binOf(T, iv[0]), j = binOf(T, iv[1]);
      for (var k = i; k <= j; k++) {
        if (i === j) {
          T.bins[k].exact += 1;
        } else {
          T.bins[k].vague += 1;
          T.bins[k].share += 1 / (j - i + 1);
        }
      }
    });
    T.peak = Math.max.apply(null, T.bins.map(function (b) { return b.exact + b.share; }));
  }

  /* ---------- state ---------- */

  function keepOf(T) {
    var from = T.from, to = T.to;
    if (!from && !to) return null;
    return function (m) {
      var iv = T.ivs.get(m);
      return !!iv && (!to || iv[0] <= to) && (!from || iv[1] >= from);
    };
  }

  /* Show the range on the map (once per animation frame while a handle moves). */
  function apply(V, T) {
    T.places = V.filter(keepOf(T));
    render(V, T);
  }

  function setRange(V, T, from, to, fromUser) {
    if (from === T.from && to === T.to) return;
    T.from = from;
    T.to = to;
    render(V, T);
    if (!fromUser) {
      apply(V, T);
      return;
    }
    if (T.frame) return;
    T.frame = requestAnimationFrame(function () {
      T.frame = 0;
      apply(V, T);
      V.writeHash();
    });
  }

  /* from/to of the hash: a partial date stands for its first (from) or last (to) day. */
  function fromHash(V, T, h) {
    var f = interval(h.from), t = interval(h.to);
    var from = f ? f[0] : null, to = t ? t[1] : null;
    if (from && to && from > to) {  /* the ends the wrong way round: the span they name */
      from = t[0];
      to = f[1];
    }
    setRange(V, T, from, to, false);
  }

  /* ---------- the control ---------- */

  function handle(T, which, text) {
    var input = el("input", { type: "range", min: "0", max: String(T.bins.length - 1), step: "1",
      "class": "vz-time-input vz-time-" + which, "aria-label": text,
      "aria-describedby": "vz-time-readout" });
    var knob = el("span", { "class": "vz-time-knob vz-time-knob-" + which, "aria-hidden": "true" });
    input.addEventListener("focus", function () { knob.classList.add("vz-focus"); });
    input.addEventListener("blur", function () { knob.classList.remove("vz-focus"); });
    return { input: input, knob: knob };
  }

  function buildUi(V, T) {
    var ui = {
      box: el("section", { "class": "vz-timeline leaflet-bar", "aria-labelledby": "vz-time-title" }),
      toggle: el("button", { type: "button", id: "vz-time-title", "class": "vz-time-toggle",
        "aria-expanded": "true", "aria-controls": "vz-time-body" }, "Time"),
      readout: el("p", { id: "vz-time-readout", "class": "vz-time-readout", "aria-live": "polite" }),
      reset: el("button", { type: "button", "class": "vz-time-reset" }, "Reset"),
      body: el("div", { id: "vz-time-body", "class": "vz-time-body" }),
      track: el("div", { "class": "vz-time-track" }),
      bars: el("div", { "class": "vz-time-bars", "aria-hidden": "true" }),
      sel: el("div", { "class": "vz-time-sel", "aria-hidden": "true" }),
      from: handle(T, "from", "From (start of the time range)"),
      to: handle(T, "to", "To (end of the time range)")
    };
    var head = el("div", { "class": "vz-time-head" });
    [ui.toggle, ui.readout, ui.reset].forEach(function (n) { head.appendChild(n); });
    T.bins.forEach(function (b) { ui.bars.appendChild(barNode(T, b)); });
    [ui.bars, ui.sel, ui.from.knob, ui.to.knob, ui.from.input, ui.to.input]
      .forEach(function (n) { ui.track.appendChild(n); });
    ui.body.appendChild(ui.track);
    ui.body.appendChild(axisNode(T));
    ui.box.appendChild(head);
    ui.box.appendChild(ui.body);
    return ui;
  }

  function barNode(T, b) {
    var top = Math.max(1, T.peak), bar = el("div", { "class": "vz-time-bin",
      title: b.label + ": " + U.plural(b.exact, "mention", "mentions") +
        (b.vague ? " (+" + b.vague + " with a vaguer date)" : "") });
    bar.appendChild(el("span", { "class": "vz-time-vague", style: "height:" + (100 * b.share / top) + "%" }));
    bar.appendChild(el("span", { "class": "vz-time-exact", style: "height:" + (100 * b.exact / top) + "%" }));
    return bar;
  }

  function axisNode(T) {
    var axis = el("div", { "class": "vz-time-axis", "aria-hidden": "true" });
    axis.appendChild(el("span", null, T.bins[0].label.replace("week of ", "")));
    if (T.bins.length > 1) axis.appendChild(el("span", null, T.bins[T.bins.length - 1].label.replace("week of ", "")));
    return axis;
  }

  /* ---------- drawing the state ---------- */

  function render(V, T) {
    var ui = T.ui, n = T.bins.length;
    var i = T.from ? binOf(T, T.from) : 0, j = T.to ? binOf(T, T.to) : n - 1;
    ui.from.input.value = String(i);
    ui.to.input.value = String(j);
    ui.from.input.setAttribute("aria-valuetext", T.from ? dayText(T.from) : "start of the data, " + T.bins[0].label);
    ui.to.input.setAttribute("aria-valuetext", T.to ? dayText(T.to) : "end of the data, " + T.bins[n - 1].label);
    place(ui.from, 100 * i / n);
    place(ui.to, 100 * (j + 1) / n);
    ui.sel.style.left = (100 * i / n) + "%";
    ui.sel.style.width = (100 * (j + 1 - i) / n) + "%";
    Array.prototype.forEach.call(ui.bars.children, function (bar, k) {
      bar.classList.toggle("vz-out", k < i || k > j);
    });
    var ranged = !!(T.from || T.to);
    ui.reset.disabled = !ranged;
    ui.box.classList.toggle("vz-ranged", ranged);
    ui.readout.textContent = readout(T, ranged);
    ui.box.setAttribute("data-from", T.from || "");
    ui.box.setAttribute("data-to", T.to || "");
  }

  function place(h, pct) {
    h.knob.style.left = pct + "%";
    h.input.style.left = pct + "%";
  }

  function readout(T, ranged) {
    var parts = [ranged ? rangeText(T.from, T.to) : "All dates", U.plural(T.places, "place", "places")];
    if (T.undated) {
      parts.push(U.plural(T.undated, "undated mention", "undated mentions") + (ranged ? " hidden" : ""));
    }
    return parts.join(", ");
  }

  /* ---------- moving the handles ---------- */

  function fromInput(V, T, which) {
    var i = +T.ui.from.input.value, j = +T.ui.to.input.value;
    if (i > j) {
      if (which === "from") i = j; else j = i;
    }
    var from = which === "from" ? T.bins[i].start : T.from;
    var to = which === "to" ? T.bins[j].end : T.to;
    setRange(V, T, from, to, true);
    render(V, T);  /* a handle pushed past the other stays at it */
  }

  /* A pointer (mouse, pen, finger) on the track moves the handle nearest to it. */
  function wirePointer(V, T) {
    var ui = T.ui, drag = null;
    function binAt(e) {
      var r = ui.track.getBoundingClientRect(), n = T.bins.length;
      return Math.max(0, Math.min(n - 1, Math.floor((e.clientX - r.left) / r.width * n)));
    }
    function moveTo(which, k) {
      var h = ui[which];
      if (+h.input.value === k) return;
      h.input.value = String(k);
      fromInput(V, T, which);
    }
    ui.track.addEventListener("pointerdown", function (e) {
      if (e.button > 0) return;
      var k = binAt(e), i = +ui.from.input.value, j = +ui.to.input.value;
      drag = k < i ? "from" : k > j ? "to" : (k - i <= j - k ? "from" : "to");
      ui.track.setPointerCapture(e.pointerId);
      ui[drag].input.focus({ preventScroll: true });
      moveTo(drag, k);
      e.preventDefault();
    });
    ui.track.addEventListener("pointermove", function (e) { if (drag) moveTo(drag, binAt(e)); });
    ["pointerup", "pointercancel"].forEach(function (t) {
      ui.track.addEventListener(t, function () { drag = null; });
    });
  }

  function wire(V, T) {
    var ui = T.ui;
    ["from", "to"].forEach(function (which) {
      ui[which].input.addEventListener("input", function () { fromInput(V, T, which); });
    });
    ui.reset.addEventListener("click", function () {
      setRange(V, T, null, null, true);
      ui.from.input.focus();
    });
    ui.toggle.addEventListener("click", function () { setFolded(T, ui.toggle.getAttribute("aria-expanded") === "true"); });
    wirePointer(V, T);
    L.DomEvent.disableClickPropagation(ui.box);
    L.DomEvent.disableScrollPropagation(ui.box);
  }

  function setFolded(T, shut) {
    T.ui.body.hidden = shut;
    T.ui.toggle.setAttribute("aria-expanded", shut ? "false" : "true");
    T.ui.box.classList.toggle("vz-shut", shut);
  }

  /* ---------- start ---------- */

  /* The dated mentions' intervals (by row) and the undated count; null when none is dated. */
  function scan(V) {
    var ivs = new Map(), undated = 0, lo = null, hi = null;
    V.data.places.forEach(function (p) {
      p.m.forEach(function (m) {
        var iv = interval(m[8]);
        if (!iv) { undated++; return; }
        ivs.set(m, iv);
        if (!lo || iv[0] < lo) lo = iv[0];
        if (!hi || iv[1] > hi) hi = iv[1];
      });
    });
    return lo ? { ivs: ivs, undated: undated, lo: lo, hi: hi } : null;
  }

  window.vzmap.timeline = function (V) {
    var found = scan(V);
    if (!found) return null;  /* nothing dated: no control, nothing changes */
    var made = makeBins(found.lo, found.hi);
    var T = { ivs: found.ivs, undated: found.undated, bins: made.bins, unit: made.unit,
              from: null, to: null, frame: 0, places: V.data.places.length, peak: 0 };
    countBins(T, Array.from(found.ivs.values()));
    T.ui = buildUi(V, T);
    T.ui.box.setAttribute("data-unit", T.unit);
    var Control = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () { return T.ui.box; }
    });
    new Control().addTo(V.map);
    wire(V, T);
    render(V, T);
    if (U.isNarrow()) setFolded(T, true);
    return {
      hashParams: function (params) {
        if (T.from) params.set("from", T.from);
        if (T.to) params.set("to", T.to);
      },
      fromHash: function (h) { fromHash(V, T, h); },
      range: function () { return { from: T.from, to: T.to }; }
    };
  };
})();
