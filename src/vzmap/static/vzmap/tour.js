/* vzmap article tour: an article's place mentions in text order, one step per sentence.
 *
 * A panel shows the step's excerpt (its places marked), each place with its event type(s), a
 * counter "3 / 12", a link to the passage in the reader, Previous/Next (also the Left/Right
 * keys) and an exit (button or Escape) that puts the map back as it was before the tour: centre,
 * zoom, layers and the popup that was open. The map flies to the step's places, ringed and
 * labelled on a pane of their own. Built from map.js's context (``vzmap.tour(V)``); every name
 * and excerpt is set with textContent only.
 */
(function () {
  "use strict";

  var U = window.vzmap.util;
  var el = U.el;
  /* How close to zoom in on a lone place of each kind. */
  var KIND_ZOOM = { region: 3, country: 5, admin1: 7, other: 9, city: 10, site: 12, quarter: 12 };

  /* ---------- steps ---------- */

  function byStart(a, b) { return a.start - b.start || b.end - a.end; }

  /* One step per sentence (excerpt) naming places, in text order. */
  function tourSteps(V, docId) {
    var bySentence = {}, steps = [];
    (V.docMentions[docId] || []).forEach(function (m) {
      var key = m.exStart + ":" + m.excerpt.length;
      var step = bySentence[key];
      if (!step) {
        step = bySentence[key] = { excerpt: m.excerpt, exStart: m.exStart, start: m.start, spans: [] };
        steps.push(step);
      }
      step.spans.push(m);
      step.start = Math.min(step.start, m.start);
    });
    steps.forEach(function (s) {
      s.spans.sort(byStart);
      s.stops = stopsOf(s.spans);
    });
    return steps.sort(function (a, b) { return a.exStart - b.exStart || a.start - b.start; });
  }

  /* The step's places, each once with its event types, in order of first mention. */
  function stopsOf(spans) {
    var seen = {}, out = [];
    spans.forEach(function (m) {
      var stop = seen[m.place.id];
      if (!stop) {
        stop = seen[m.place.id] = { place: m.place, types: [] };
        out.push(stop);
      }
      if (stop.types.indexOf(m.type) < 0) stop.types.push(m.type);
    });
    return out;
  }

  /* ---------- panel ---------- */

  function button(cls, text, label) {
    return el("button", { type: "button", "class": cls, "aria-label": label || null }, text);
  }

  function buildPanel(V, T) {
    var ui = {
      panel: el("section", { id: "vz-tour", "class": "vz-tour", "aria-labelledby": "vz-tour-title",
        tabindex: "-1", hidden: "" }),
      title: el("h2", { id: "vz-tour-title", "class": "vz-tour-title" }),
      exit: button("vz-tour-exit", "\u00d7", "Exit the tour (Esc)"),
      count: el("p", { "class": "vz-tour-count", "aria-live": "polite" }),
      body: el("div", { "class": "vz-tour-body" }),
      prev: button("vz-tour-prev", "\u2190 Previous"),
      next: button("vz-tour-next", "Next \u2192")
    };
    var head = el("div", { "class": "vz-tour-head" });
    var titles = el("div", { "class": "vz-tour-titles" });
    titles.appendChild(el("p", { "class": "vz-tour-kicker" }, "Article tour"));
    titles.appendChild(ui.title);
    head.appendChild(titles);
    head.appendChild(ui.exit);
    var nav = el("div", { "class": "vz-tour-nav" });
    nav.appendChild(ui.prev);
    nav.appendChild(ui.count);
    nav.appendChild(ui.next);
    [head, ui.body, nav].forEach(function (n) { ui.panel.appendChild(n); });
    ui.prev.addEventListener("click", function () { go(V, T, T.index - 1); });
    ui.next.addEventListener("click", function () { go(V, T, T.index + 1); });
    ui.exit.addEventListener("click", function () { stop(V, T, true); });
    V.container.parentNode.appendChild(ui.panel);
    return ui;
  }

  function stopList(V, step) {
    var list = el("ul", { "class": "vz-tour-places", "aria-label": "Places in this passage" });
    step.stops.forEach(function (s) {
      var li = el("li", { "data-place": s.place.id });
      var t0 = V.types[s.types[0]] || {};
      li.appendChild(el("span", { "class": "vz-swatch", "aria-hidden": "true",
        style: "background:" + U.safeColor(t0.color) }));
      li.appendChild(el("strong", { "class": "vz-tour-place" }, s.place.name));
      li.appendChild(document.createTextNode(" \u2014 " + s.types.map(function (tid) {
        return (V.types[tid] || { label: tid }).label;
      }).join(", ")));
      list.appendChild(li);
    });
    return list;
  }

  function render(V, T) {
    var ui = T.ui, n = T.steps.length, step = T.steps[T.index];
    ui.title.textContent = T.doc.title;
    ui.count.textContent = n ? (T.index + 1) + " / " + n : "0 / 0";
    ui.body.textContent = "";
    ui.panel.setAttribute("data-step", n ? String(T.index + 1) : "0");
    if (step) {
      ui.body.appendChild(U.markedExcerpt(step.excerpt, step.exStart, step.spans));
      ui.body.appendChild(stopList(V, step));
      ui.body.appendChild(el("a", { "class": "vz-tour-read", href: V.readerHref(T.doc.id, step.start) },
        "Read this passage in the article"));
    } else {
      ui.body.appendChild(el("p", { "class": "vz-tour-empty" }, "This article names no places on the map."));
    }
    ui.prev.disabled = T.index <= 0;
    ui.next.disabled = T.index >= n - 1;
    ui.body.scrollTop = 0;
    makeRoom(V, T);
  }

  /* The panel's size as the map's bottom controls and the fitting must know it. */
  function panelBox(V, T) {
    if (!T.active || !T.ui) return null;
    var box = V.container.getBoundingClientRect(), r = T.ui.panel.getBoundingClientRect();
    if (!r.width) return null;
    return { w: r.right - box.left, h: box.bottom - r.top, wide: r.width > box.width / 2 };
  }

  /* Lift the map's bottom controls (scale, attribution) above the panel. */
  function makeRoom(V, T) {
    var main = V.container.parentNode, b = panelBox(V, T);
    main.style.setProperty("--vz-tour-left", b ? b.h + "px" : "0px");
    main.style.setProperty("--vz-tour-right", b && b.wide ? b.h + "px" : "0px");
  }

  /* ---------- the map ---------- */

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function flyToStep(V, step) {
    var points = step.stops.map(function (s) { return [s.place.lat, s.place.lon]; });
    var maxZoom = Math.max.apply(null, step.stops.map(function (s) {
      return KIND_ZOOM[s.place.kind] || KIND_ZOOM.other;
    }));
    var ins = V.insets();
    var opts = { paddingTopLeft: [ins.left + 16, ins.top + 16],
                 paddingBottomRight: [ins.right + 16, ins.bottom + 16], maxZoom: maxZoom };
    var bounds = L.latLngBounds(points);
    if (reducedMotion()) {
      V.map.fitBounds(bounds, L.extend(opts, { animate: false }));
    } else {
      V.map.flyToBounds(bounds, L.extend(opts, { duration: 0.8 }));
    }
  }

  /* data-settled on the panel once the map has arrived at the step (for tests and styles). */
  function flyAndMark(V, T, step) {
    var token = ++T.flights, panel = T.ui.panel;
    panel.removeAttribute("data-settled");
    flyToStep(V, step);
    function arrived() { if (token === T.flights) panel.setAttribute("data-settled", ""); }
    if (reducedMotion()) arrived();
    else V.map.once("moveend", arrived);
  }

  function ringPane(V) {
    if (!V.map.getPane("vzTour")) {
      var pane = V.map.createPane("vzTour");
      pane.style.zIndex = 640;  /* above the markers, below tooltips and popups */
      pane.style.pointerEvents = "none";
    }
    return "vzTour";
  }

  /* A ring and a name label on each of the step's places. */
  function showRings(V, T, step) {
    T.rings.clearLayers();
    step.stops.forEach(function (s) {
      var t0 = V.types[s.types[0]] || {};
      var ring = L.circleMarker([s.place.lat, s.place.lon], {
        radius: 17, color: "#111", weight: 3, fill: true, fillColor: U.safeColor(t0.color),
        fillOpacity: 0.25, interactive: false, className: "vz-tour-ring", pane: ringPane(V)
      });
      ring.bindTooltip(el("span", null, s.place.name), {
        permanent: true, direction: "top", offset: [0, -16], className: "vz-tour-label"
      });
      T.rings.addLayer(ring);
      var path = ring.getElement();
      if (path) path.setAttribute("data-place", s.place.id);
    });
  }

  /* ---------- moving through the tour ---------- */

  function go(V, T, i) {
    if (!T.active) return;
    var n = T.steps.length;
    T.index = Math.max(0, Math.min(n - 1, isFinite(i) ? i : 0));
    render(V, T);
    if (n) {
      showRings(V, T, T.steps[T.index]);
      flyAndMark(V, T, T.steps[T.index]);
    } else {
      T.ui.panel.setAttribute("data-settled", "");
    }
    V.writeHash();
  }

  /* The map as it is (or, for place/type, as the URL says it was), to come back to. */
  function snapshot(V, from) {
    from = from || {};
    return {
      place: from.place || V.state.place, type: from.place ? from.type : V.state.type,
      layers: V.visibleTypes(), view: V.viewString(),
      center: V.map.getCenter(), zoom: V.map.getZoom()
    };
  }

  function start(V, T, docId, stepNo, from) {
    if (T.active && T.doc.id === docId) return go(V, T, stepNo - 1);
    if (!T.active) {
      T.before = snapshot(V, from);
      T.returnFocus = document.activeElement;
    }
    var idx = V.docIndex[docId];
    T.doc = idx === undefined ? { id: docId, title: "Article not on this map" } : V.data.docs[idx];
    T.steps = tourSteps(V, docId);
    T.active = true;
    V.map.closePopup();
    if (U.isNarrow()) V.legend.shut(true);
    if (!T.ui) T.ui = buildPanel(V, T);
    T.ui.panel.removeAttribute("hidden");
    document.body.classList.add("vz-touring");
    go(V, T, stepNo - 1);
    T.ui.panel.focus({ preventScroll: true });
  }

  /* End the tour; with ``restore`` put the map back as it was before it. */
  function stop(V, T, restore) {
    if (!T.active) return;
    T.active = false;
    T.rings.clearLayers();
    T.ui.panel.setAttribute("hidden", "");
    document.body.classList.remove("vz-touring");
    makeRoom(V, T);
    var before = T.before;
    if (restore) {
      V.map.stop();
      V.applyLayers(before.layers);
      V.map.setView(before.center, before.zoom, { animate: false });
    }
    V.writeHash();
    if (restore && before.place) V.showPopup(before.place, before.type);
    if (restore) refocus(V, T.returnFocus);
  }

  function refocus(V, node) {
    var target = node && node !== document.body && document.contains(node) ? node : V.container;
    target.focus({ preventScroll: true });
  }

  function isTyping(t) {
    return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  var KEYS = { ArrowRight: 1, ArrowLeft: -1, Escape: 0 };

  function onKey(V, T, e) {
    if (!T.active || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (isTyping(e.target) || (V.reader && V.reader.isOpen())) return;
    var move = KEYS[e.key];
    if (move === undefined) return;
    e.preventDefault();
    e.stopPropagation();  /* not also a pan of the map */
    if (move === 0) stop(V, T, true);
    else go(V, T, T.index + move);
  }

  window.vzmap.tour = function (V) {
    var T = { active: false, doc: null, steps: [], index: 0, before: null, ui: null, flights: 0,
              rings: L.layerGroup().addTo(V.map) };
    document.addEventListener("keydown", function (e) { onKey(V, T, e); }, true);
    return {
      active: function () { return T.active; },
      isOn: function (docId) { return T.active && T.doc.id === docId; },
      docId: function () { return T.active ? T.doc.id : null; },
      step: function () { return T.index + 1; },
      steps: function () { return T.steps.length; },
      before: function () { return T.before; },
      panelBox: function () { return panelBox(V, T); },
      start: function (docId, stepNo, from) { start(V, T, String(docId), Number(stepNo) || 1, from); },
      go: function (i) { go(V, T, i); },
      next: function () { go(V, T, T.index + 1); },
      prev: function () { go(V, T, T.index - 1); },
      stop: function (restore) { stop(V, T, restore !== false); }
    };
  };
})();
