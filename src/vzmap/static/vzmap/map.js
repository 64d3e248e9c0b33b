/* vzmap story map: markers, popups, place search, URL state and the in-page reader.
 *
 * Built from the JSON payload that vzmap.mapview puts in the page. Data from the places file
 * (names, aliases, excerpts, titles) is only ever inserted with textContent, never as HTML.
 * URL state lives in the hash: #place=<id>&type=<event type>&layers=<ids,...>&view=<z>/<lat>/<lon>,
 * &from=<YYYY-MM-DD>&to=<YYYY-MM-DD> for the time range (timeline.js; either may be left out: an
 * open range; YYYY-MM and YYYY are read too), #tour=<doc>&step=<n> for an article tour (tour.js)
 * and, in the standalone export, #doc=<doc>&m=<start> for the reader panel. The served map keeps
 * its hash in sessionStorage (BACK_KEY) so that the reader's "Back to the map" returns to the
 * same view, range and popup. A mention row is [doc, start, end, text, excerpt, excerpt_start,
 * type, confidence] and, when dated, [date, date source]; V.filter(keep) (the time range) shows
 * only the mentions that keep(row) accepts: markers, layer counts, the place list and popups.
 */
(function () {
  "use strict";

  var HEX = /^#[0-9a-fA-F]{6}$/;
  var NARROW = 600;           /* px: phone layout below this width */
  var BACK_KEY = "vzmap:back";
  var SOURCES_SHOWN = 50;     /* articles listed in a popup; the rest are counted */
  var LIST_LIMIT = 100;       /* places listed in the search panel */

  /* ---------- small helpers ---------- */

  function safeColor(c) { return HEX.test(c) ? c : "#7f7f7f"; }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function diameter(count) { return Math.round(Math.min(46, 12 + 7 * Math.sqrt(count))); }

  function isNarrow() { return window.innerWidth < NARROW; }

  function clusterIcon(cluster, color) {
    var n = cluster.getChildCount();
    var d = Math.round(Math.min(56, 26 + 4 * Math.sqrt(n)));
    return L.divIcon({
      className: "vz-cluster",
      html: '<span style="background:' + safeColor(color) + ";width:" + d + "px;height:" + d +
        "px;line-height:" + d + 'px">' + Number(n) + "</span>",
      iconSize: [d, d]
    });
  }

  function parseHash() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var out = {};
    params.forEach(function (v, k) { out[k] = v; });
    return out;
  }

  /* ---------- text offsets and excerpts ---------- */

  /* Offsets in the data count Unicode code points (Python str offsets); JavaScript strings
     count UTF-16 units. unitOffsets(s)[i] is the UTF-16 index of code point i of s. */
  function unitOffsets(s) {
    if (!/[\uD800-\uDFFF]/.test(s)) return null;  // no astral characters: the same numbers
    var map = [], u = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      map.push(u);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) { i++; u++; }
      u++;
    }
    map.push(u);
    return map;
  }

  function toUnit(map, cp) {
    return map === null ? cp : (cp >= 0 && cp < map.length ? map[cp] : -1);
  }

  /* Where span {start, text} (code points into the article) is in the excerpt, in UTF-16 units:
     at its offset, else at the first occurrence of its text, else null. */
  function locate(excerpt, units, exStart, span) {
    var text = span.text;
    if (!text) return null;
    var rel = toUnit(units, span.start - exStart);
    if (!(rel >= 0 && excerpt.substr(rel, text.length) === text)) rel = excerpt.indexOf(text);
    return rel < 0 ? null : [rel, rel + text.length];
  }

  /* A blockquote of the excerpt with every span marked (overlapping spans: the first wins). */
  function markedExcerpt(excerpt, exStart, spans) {
    var q = el("blockquote", { "class": "vz-excerpt" });
    var units = unitOffsets(excerpt), pos = 0;
    spans.map(function (s) { return locate(excerpt, units, exStart, s); })
      .filter(function (r) { return r !== null; })
      .sort(function (a, b) { return a[0] - b[0]; })
      .forEach(function (r) {
        if (r[0] < pos) return;
        q.appendChild(document.createTextNode(excerpt.slice(pos, r[0])));
        q.appendChild(el("mark", null, excerpt.slice(r[0], r[1])));
        pos = r[1];
      });
    q.appendChild(document.createTextNode(excerpt.slice(pos)));
    return q;
  }

  /* ---------- documents and places ---------- */

  /* Newest first by date key ("dk", ISO prefix from Python), undated last, then by title. */
  function compareDocs(a, b) {
    var ak = a.dk || "", bk = b.dk || "";
    if (ak !== bk) {
      if (!ak || !bk) return ak ? -1 : 1;
      return ak < bk ? 1 : -1;
    }
    return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
  }

  function indexDocs(V) {
    V.docIndex = {};
    V.docRank = [];
    var docs = V.data.docs;
    docs.forEach(function (d, i) { V.docIndex[d.id] = i; });
    V.docsByDate = docs.map(function (d, i) { return i; })
      .sort(function (a, b) { return compareDocs(docs[a], docs[b]); });
    V.docsByDate.forEach(function (idx, rank) { V.docRank[idx] = rank; });
  }

  /* Per place: search keys, mention total and its sources (articles, newest first, with the
     first mention in each); per document: its mentions (for the reader panel and the tour). */
  function indexPlaces(V) {
    V.data.places.forEach(function (p) {
      V.placesById[p.id] = p;
      p.m.forEach(function (m) {
        var doc = V.data.docs[m[0]];
        (V.docMentions[doc.id] = V.docMentions[doc.id] || []).push({
          start: m[1], end: m[2], text: m[3], excerpt: m[4], exStart: m[5], type: m[6], place: p
        });
      });
      p.search = [fold(p.name)].concat(p.aliases.map(fold));
      countShown(V, p);
    });
  }

  /* The place's mentions that the filter keeps (p.shown), whether it is on the map and what the
     popup and the list count from them: mentions and sources. */
  function countShown(V, p) {
    var first = {};
    p.shown = V.keep ? p.m.filter(V.keep) : p.m;
    p.visible = !V.keep || p.shown.length > 0;
    p.shown.forEach(function (m) {
      if (!(m[0] in first) || m[1] < first[m[0]]) first[m[0]] = m[1];
    });
    p.total = p.shown.length;
    p.sources = Object.keys(first).map(function (k) { return { doc: Number(k), start: first[k] }; })
      .sort(function (a, b) { return V.docRank[a.doc] - V.docRank[b.doc]; });
  }

  function readerHref(V, docId, start) {
    if (V.opts.reader === "panel") {
      return "#doc=" + encodeURIComponent(docId) + "&m=" + start;
    }
    return V.opts.readerBase + encodeURIComponent(docId) + "#m-" + start;
  }

  /* ---------- markers ---------- */

  function mentionsByType(V, p) {
    var byType = {};
    p.shown.forEach(function (m) { (byType[m[6]] = byType[m[6]] || []).push(m); });
    if (!p.m.length) byType[V.data.fallback || "other"] = [];  /* a place drawn by hand */
    return byType;
  }

  /* The markers of the places shown, one per (place, event type), by layer; a marker is made
     again only when the mentions it shows change (the filter). */
  function buildMarkers(V) {
    var perLayer = {}, cache = V.markerCache;
    V.data.places.forEach(function (p) {
      V.markersByPlace[p.id] = {};
      if (!p.visible) return;
      var byType = mentionsByType(V, p);
      Object.keys(byType).sort().forEach(function (tid) {
        if (!V.types[tid] || !V.layers[tid]) return;
        var key = p.id + "\n" + tid, c = cache[key];
        var sig = byType[tid].map(function (m) { return m[0] + "." + m[1]; }).join(",");
        if (!c || c.sig !== sig) {
          c = cache[key] = { sig: sig, marker: makeMarker(V, p, V.types[tid], byType[tid]) };
        }
        V.markersByPlace[p.id][tid] = c.marker;
        (perLayer[tid] = perLayer[tid] || []).push(c.marker);
      });
    });
    return perLayer;
  }

  function addMarkers(V) {
    var perLayer = buildMarkers(V);
    Object.keys(perLayer).forEach(function (tid) { V.layers[tid].addLayers(perLayer[tid]); });
  }

  /* The markers again after a change of filter: only the ones that changed go and come. */
  function redrawMarkers(V) {
    var before = {};
    Object.keys(V.layers).forEach(function (tid) { before[tid] = V.layers[tid].getLayers(); });
    var after = buildMarkers(V);
    Object.keys(V.layers).forEach(function (tid) {
      var now = after[tid] || [], keep = {}, had = {};
      now.forEach(function (mk) { keep[L.stamp(mk)] = true; });
      before[tid].forEach(function (mk) { had[L.stamp(mk)] = true; });
      V.layers[tid].removeLayers(before[tid].filter(function (mk) { return !keep[L.stamp(mk)]; }));
      V.layers[tid].addLayers(now.filter(function (mk) { return !had[L.stamp(mk)]; }));
    });
  }

  function makeMarker(V, p, t, mentions) {
    var d = diameter(mentions.length);
    var label = p.name + " \u2014 " + t.label + ", " + plural(mentions.length, "mention", "mentions");
    var marker = L.marker([p.lat, p.lon], {
      icon: L.divIcon({
        className: "vz-marker" + (t.muted ? " vz-muted" : ""),
        html: '<span style="background:' + safeColor(p.color || t.color) + '"></span>',
        iconSize: [d, d]
      }),
      title: label,
      keyboard: true,
      riseOnHover: true,
      zIndexOffset: (50 - d) * 10  /* smaller dots on top: co-located ones stay clickable */
    });
    marker.vzPlace = p.id;
    marker.vzType = t.id;
    marker.on("add", function () { labelMarker(marker, label); });
    marker.bindPopup(function () {
      fitPopup(V, marker.getPopup());
      return popupContent(V, p, t, mentions);
    }, { className: "vz-popup-wrap", autoPanPadding: [20, 20] });
    return marker;
  }

  function labelMarker(marker, label) {
    var e = marker.getElement();
    if (!e) return;
    e.setAttribute("aria-label", label);
    e.setAttribute("data-place", marker.vzPlace);
    e.setAttribute("data-type", marker.vzType);
  }

  /* ---------- room on the map: controls and panels ---------- */

  /* How far a corner's visible controls reach into the map: {w, h} in px. */
  function cornerReach(V, v, h) {
    var corner = V.container.querySelector(".leaflet-" + v + ".leaflet-" + h);
    var box = V.container.getBoundingClientRect(), r = { w: 0, h: 0 };
    if (!corner) return r;
    Array.prototype.forEach.call(corner.children, function (c) {
      var b = c.getBoundingClientRect();
      if (!b.width || !b.height) return;
      r.w = Math.max(r.w, h === "left" ? b.right - box.left : box.right - b.left);
      r.h = Math.max(r.h, v === "top" ? b.bottom - box.top : box.bottom - b.top);
    });
    return r;
  }

  /* Padding (px) that keeps a popup or the tour's places clear of the map's controls and of the
     tour panel. On a phone the top controls take the top strip; wider, their columns. */
  function mapInsets(V) {
    var pad = 8;
    var tl = cornerReach(V, "top", "left"), tr = cornerReach(V, "top", "right");
    var bl = cornerReach(V, "bottom", "left"), br = cornerReach(V, "bottom", "right");
    var ins = { top: pad, right: pad, bottom: Math.max(bl.h, br.h) + pad, left: pad };
    if (V.map.getSize().x < NARROW) {
      ins.top = Math.max(tl.h, tr.h) + pad;
    } else {
      ins.left = tl.w + pad;
      ins.right = tr.w + pad;
    }
    var tp = V.tour ? V.tour.panelBox() : null;
    if (tp && tp.wide) ins.bottom = Math.max(ins.bottom, tp.h + pad);
    if (tp && !tp.wide) ins.left = Math.max(ins.left, tp.w + pad);
    return ins;
  }

  /* Size and auto-pan padding of a popup as it opens, so it fits between the controls. */
  function fitPopup(V, popup) {
    if (isNarrow()) V.legend.shut(true);
    var ins = mapInsets(V), size = V.map.getSize();
    popup.options.autoPanPaddingTopLeft = [ins.left, ins.top];
    popup.options.autoPanPaddingBottomRight = [ins.right, ins.bottom];
    /* maxWidth is the content's: the popup's own margins (about 45 px) come on top */
    popup.options.maxWidth = Math.max(200, Math.min(360, size.x - ins.left - ins.right - 50));
    popup.options.maxHeight = Math.max(140, Math.min(360, size.y - ins.top - ins.bottom - 40));
  }

  /* ---------- popups ---------- */

  function popupContent(V, p, t, mentions) {
    var root = el("div", { "class": "vz-popup" });
    root.appendChild(el("h2", { "class": "vz-popup-title" }, p.name));
    var where = [p.kind, p.admin1, p.country].filter(Boolean).join(" \u00b7 ");
    if (where) root.appendChild(el("p", { "class": "vz-popup-where" }, where));
    /* a quarter the gazetteer lacks stands at its town's centre: say so */
    if (p.within) root.appendChild(el("p", { "class": "vz-popup-approx" },
      "Approximate: pinned at the centre of " + p.within + "."));
    if (p.sources.length) root.appendChild(sourcesNode(V, p));
    root.appendChild(typeLine(t, mentions));
    if (p.desc) root.appendChild(el("p", { "class": "vz-popup-desc" }, p.desc));
    var list = el("ol", { "class": "vz-mentions" });
    mentions.forEach(function (m) { list.appendChild(mentionItem(V, m)); });
    root.appendChild(list);
    var also = alsoNode(V, p, t);
    if (also) root.appendChild(also);
    return root;
  }

  function typeLine(t, mentions) {
    var type = el("p", { "class": "vz-popup-type" });
    type.appendChild(el("span", { "class": "vz-swatch", "aria-hidden": "true",
      style: "background:" + safeColor(t.color) }));
    type.appendChild(document.createTextNode(mentions.length ? t.label + " \u2014 " +
      plural(mentions.length, "mention", "mentions") : "Added by hand; no article names it"));
    return type;
  }

  function mentionItem(V, m) {
    var doc = V.data.docs[m[0]];
    var li = el("li", { "class": "vz-mention-item" });
    /* The event's own date, when its sentence (or a hand edit) gives one: the article's date
       is already beside its title. */
    if (m[8] && m[9] !== "article") {
      li.appendChild(el("time", { "class": "vz-mention-date", datetime: m[8] }, m[8]));
    }
    li.appendChild(markedExcerpt(m[4], m[5], [{ start: m[1], text: m[3] }]));
    var src = el("p", { "class": "vz-source" });
    src.appendChild(el("cite", null, doc.title));
    if (doc.date) src.appendChild(document.createTextNode(" (" + doc.date + ")"));
    src.appendChild(document.createTextNode(" "));
    var a = el("a", { href: readerHref(V, doc.id, m[1]), "class": "vz-read" }, "Read in context");
    a.setAttribute("aria-label", "Read in context: " + doc.title);
    src.appendChild(a);
    li.appendChild(src);
    return li;
  }

  /* "Named in N articles": each article (newest first) links to its first mention. */
  function sourcesNode(V, p) {
    var n = p.sources.length;
    var box = el("section", { "class": "vz-sources", "aria-label": "Articles naming " + p.name });
    box.appendChild(el("p", { "class": "vz-sources-head" }, "Named in " + plural(n, "article", "articles")));
    var list = el("ol", { "class": "vz-sources-list" });
    p.sources.slice(0, SOURCES_SHOWN).forEach(function (s) { list.appendChild(sourceItem(V, s)); });
    box.appendChild(list);
    if (n > SOURCES_SHOWN) {
      box.appendChild(el("p", { "class": "vz-sources-more" }, "\u2026 and " + (n - SOURCES_SHOWN) + " more"));
    }
    return box;
  }

  function sourceItem(V, s) {
    var doc = V.data.docs[s.doc];
    var li = el("li", { "class": "vz-source-item", "data-doc": doc.id });
    li.appendChild(el("a", { href: readerHref(V, doc.id, s.start), "class": "vz-source-link" }, doc.title));
    li.appendChild(el("span", { "class": "vz-source-date" }, doc.date || "undated"));
    li.appendChild(tourButton(V, doc, "Tour"));
    return li;
  }

  function tourButton(V, doc, text) {
    var b = el("button", { type: "button", "class": "vz-tour-start", "data-doc": doc.id,
      "aria-label": "Tour this article: " + doc.title }, text);
    b.addEventListener("click", function () { V.tour.start(doc.id, 1); });
    return b;
  }

  function alsoNode(V, p, t) {
    var others = Object.keys(V.markersByPlace[p.id]).filter(function (x) { return x !== t.id; });
    if (!others.length) return null;
    var also = el("p", { "class": "vz-also" }, "Also mapped as: ");
    others.forEach(function (tid, i) {
      var b = el("button", { type: "button", "class": "vz-linkish" }, V.types[tid].label);
      b.addEventListener("click", function () { focusPlace(V, p.id, tid); });
      if (i) also.appendChild(document.createTextNode(", "));
      also.appendChild(b);
    });
    return also;
  }

  /* ---------- places on the map ---------- */

  /* The marker of place ``id`` in layer ``tid`` (else in a shown layer), its layer shown. */
  function pickMarker(V, id, tid) {
    var ms = V.markersByPlace[id];
    var keys = ms ? Object.keys(ms) : [];
    if (!keys.length) return null;
    if (!tid || !ms[tid]) {
      tid = keys.filter(function (k) { return V.map.hasLayer(V.layers[k]); })[0] || keys[0];
    }
    if (!V.map.hasLayer(V.layers[tid])) V.map.addLayer(V.layers[tid]);
    return { marker: ms[tid], group: V.layers[tid] };
  }

  function openWhenShown(marker, group, wait) {
    var tries = wait ? 60 : 0;
    (function poll() {
      if (marker._icon) {
        marker.openPopup();
      } else if (tries-- > 0) {
        setTimeout(poll, 50);
      } else {
        group.zoomToShowLayer(marker, function () { marker.openPopup(); });
      }
    })();
  }

  /* Centre the map on a place (zoomed in until its marker leaves its cluster), popup open. */
  function focusPlace(V, id, tid) {
    var pick = pickMarker(V, id, tid);
    if (!pick) return false;
    var map = V.map, marker = pick.marker;
    /* markercluster's own zoomToBounds centres on the cluster's centroid and can leave the
       marker off screen: zoom to the level where the marker leaves its cluster instead. */
    var parent = marker.__parent;
    var need = parent && parent._zoom !== undefined ? parent._zoom + 1 : map.getZoom();
    var maxZ = map.getMaxZoom();
    var zoom = Math.max(map.getZoom(), Math.min(need, maxZ), 5);
    map.setView(marker.getLatLng(), zoom, { animate: false });
    openWhenShown(marker, pick.group, need <= maxZ);
    return true;
  }

  /* Open a place's popup where the map is (a restored view); move only if it is not drawn. */
  function showPopup(V, id, tid) {
    var pick = pickMarker(V, id, tid);
    if (!pick) return false;
    var shown = pick.group.getVisibleParent(pick.marker);
    if (!V.map.getBounds().contains(pick.marker.getLatLng()) || (shown && shown !== pick.marker)) {
      return focusPlace(V, id, tid);
    }
    openWhenShown(pick.marker, pick.group, true);
    return true;
  }

  /* ---------- URL state ---------- */

  function visibleTypes(V) {
    return V.data.types.filter(function (t) { return V.map.hasLayer(V.layers[t.id]); })
      .map(function (t) { return t.id; });
  }

  function applyLayers(V, list) {
    var want = {};
    (Array.isArray(list) ? list : String(list).split(",")).forEach(function (x) { if (x) want[x] = true; });
    V.data.types.forEach(function (t) {
      var on = V.map.hasLayer(V.layers[t.id]);
      if (want[t.id] && !on) V.map.addLayer(V.layers[t.id]);
      if (!want[t.id] && on) V.map.removeLayer(V.layers[t.id]);
    });
  }

  function viewString(map) {
    var c = map.getCenter();
    return Math.round(map.getZoom() * 100) / 100 + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5);
  }

  function parseView(map, s) {
    var parts = String(s || "").split("/").map(Number);
    if (parts.length !== 3 || !parts.every(isFinite) || Math.abs(parts[1]) > 90) return null;
    var zoom = Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), parts[0]));
    return { zoom: zoom, center: [parts[1], parts[2]] };
  }

  /* What the hash holds now: the map's state, or during a tour the state from before it. */
  function currentState(V) {
    if (V.tour.active()) return V.tour.before();
    return { place: V.state.place, type: V.state.type, layers: visibleTypes(V),
             view: V.ready ? viewString(V.map) : null };
  }

  function hashString(V) {
    var s = currentState(V), params = new URLSearchParams();
    if (s.place) {
      params.set("place", s.place);
      if (s.type) params.set("type", s.type);
    }
    if (s.layers.length !== V.data.types.length) params.set("layers", s.layers.join(","));
    if (s.view) params.set("view", s.view);
    if (V.timeline) V.timeline.hashParams(params);
    if (V.tour.active()) {
      params.set("tour", V.tour.docId());
      params.set("step", String(V.tour.step()));
    }
    return params.toString().replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%2F/gi, "/");
  }

  function writeHash(V) {
    if (V.reader && V.reader.isOpen()) return;
    var h = hashString(V);
    var base = window.location.pathname + window.location.search;
    if (base + (h ? "#" + h : "") !== base + window.location.hash) {
      history.replaceState(null, "", base + (h ? "#" + h : ""));
    }
    if (V.opts.reader !== "panel") {
      try { window.sessionStorage.setItem(BACK_KEY, h); } catch (e) { /* storage off: no back */ }
    }
  }

  function applyHash(V) {
    var h = parseHash();
    if (h.doc !== undefined && V.reader) {
      V.reader.open(h.doc, h.m);
      return;
    }
    if (V.reader) V.reader.close(true);
    if (V.timeline) V.timeline.fromHash(h);
    if (h.tour !== undefined && V.tour.isOn(h.tour)) {
      V.tour.go(Number(h.step) - 1);
      return;
    }
    if (h.layers !== undefined) applyLayers(V, h.layers);
    var view = parseView(V.map, h.view);
    if (view) V.map.setView(view.center, view.zoom, { animate: false });
    if (h.tour !== undefined) {
      V.tour.start(h.tour, Number(h.step) || 1, { place: h.place, type: h.type });
      return;
    }
    if (V.tour.active()) V.tour.stop(false);
    if (h.place && view) showPopup(V, h.place, h.type);
    else if (h.place) focusPlace(V, h.place, h.type);
  }

  function onPopupOpen(V, e) {
    var src = e.popup._source;
    if (src && src.vzPlace) {
      V.state.place = src.vzPlace;
      V.state.type = src.vzType;
      writeHash(V);
    }
  }

  function onPopupClose(V, e) {
    var src = e.popup._source;
    if (src && src.vzPlace === V.state.place && src.vzType === V.state.type) {
      V.state.place = null;
      V.state.type = null;
      writeHash(V);
    }
  }

  function wireUrlState(V) {
    V.map.on("overlayadd overlayremove moveend", function () { if (V.ready) writeHash(V); });
    V.map.on("popupopen", function (e) { onPopupOpen(V, e); });
    V.map.on("popupclose", function (e) { onPopupClose(V, e); });
    window.addEventListener("hashchange", function () { applyHash(V); });
  }

  /* ---------- the mention filter (timeline.js) ---------- */

  /* Show only the mentions keep(row) accepts (null: all) on the markers, the layer counts, the
     place list and the popups; an open popup stays if its marker is still drawn. Returns the
     number of places shown. */
  function setFilter(V, keep) {
    var open = V.state.place ? { place: V.state.place, type: V.state.type } : null;
    V.keep = keep || null;
    V.map.closePopup();
    V.data.places.forEach(function (p) { countShown(V, p); });
    redrawMarkers(V);
    V.sorted = {};
    relabelLayers(V);
    if (V.search) V.search.refresh();
    var mk = open && V.markersByPlace[open.place] && V.markersByPlace[open.place][open.type];
    if (mk && V.layers[open.type].getVisibleParent(mk) === mk) mk.openPopup();
    return V.data.places.filter(function (p) { return p.visible; }).length;
  }

  /* The "(N places)" of each layer in the layer control, counted from the markers drawn. */
  function relabelLayers(V) {
    var count = {}, byStamp = {};
    Object.keys(V.markersByPlace).forEach(function (pid) {
      Object.keys(V.markersByPlace[pid]).forEach(function (tid) { count[tid] = (count[tid] || 0) + 1; });
    });
    Object.keys(V.layers).forEach(function (tid) { byStamp[L.stamp(V.layers[tid])] = tid; });
    V.control._layers.forEach(function (o) {
      var tid = byStamp[L.stamp(o.layer)];
      if (!o.overlay || tid === undefined) return;
      o.name = o.name.replace(/<span class="vz-count">\([^<]*\)<\/span>/, '<span class="vz-count">(' +
        plural(count[tid] || 0, "place", "places") + ")</span>");
    });
    V.control._update();  /* Leaflet redraws its labels from these names */
  }

  /* ---------- layer control as legend ---------- */

  function decorateLegend(V) {
    var lc = V.control.getContainer();
    lc.setAttribute("role", "region");
    lc.setAttribute("aria-label", "Map layers and legend");
    var overlaysList = lc.querySelector(".leaflet-control-layers-overlays");
    if (overlaysList) {
      var head = el("div", { "class": "vz-legend-head" }, "Event types (tick to show)");
      overlaysList.parentNode.insertBefore(head, overlaysList);
      var note = el("div", { "class": "vz-legend-note" },
        "Dot size: how often a place is mentioned. Numbers: grouped places.");
      overlaysList.parentNode.insertBefore(note, overlaysList.nextSibling);
    }
    var baseList = lc.querySelector(".leaflet-control-layers-base");
    if (baseList) {
      baseList.parentNode.insertBefore(el("div", { "class": "vz-legend-head" }, "Basemap"), baseList);
    }
    var toggle = el("button", { type: "button", "class": "vz-layers-toggle",
      "aria-expanded": "true" }, "Layers");
    function shut(on) {
      lc.classList.toggle("vz-shut", on);
      toggle.setAttribute("aria-expanded", on ? "false" : "true");
    }
    toggle.addEventListener("click", function () { shut(!lc.classList.contains("vz-shut")); });
    lc.insertBefore(toggle, lc.firstChild);
    if (isNarrow()) shut(true);
    return { shut: shut };
  }

  /* ---------- place search, place list and article tours ---------- */

  function byName(a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }

  var SORTS = {
    mentions: function (a, b) { return b.total - a.total || byName(a, b); },
    sources: function (a, b) {
      return b.sources.length - a.sources.length || b.total - a.total || byName(a, b);
    },
    name: function (a, b) {
      return a.search[0] < b.search[0] ? -1 : a.search[0] > b.search[0] ? 1 : byName(a, b);
    }
  };

  function sortedPlaces(V, mode) {
    V.sorted = V.sorted || {};
    if (!V.sorted[mode]) {
      V.sorted[mode] = V.data.places.filter(function (p) { return p.visible; })
        .sort(SORTS[mode] || SORTS.mentions);
    }
    return V.sorted[mode];
  }

  /* Places matching the query in the list's order; names starting with it first. */
  function searchHits(V, q, mode) {
    var hits = sortedPlaces(V, mode).filter(function (p) {
      return !q || p.search.some(function (s) { return s.indexOf(q) !== -1; });
    });
    if (!q) return hits;
    function prefix(p) { return p.search.some(function (s) { return s.indexOf(q) === 0; }) ? 0 : 1; }
    return hits.sort(function (a, b) { return prefix(a) - prefix(b); });  /* stable */
  }

  function placeRow(V, p, onPick) {
    var li = el("li");
    var b = el("button", { type: "button", "class": "vz-place", "data-place": p.id });
    b.appendChild(el("span", { "class": "vz-place-name" }, p.name));
    var extra = [p.kind, p.country].filter(Boolean).join(", ");
    b.appendChild(el("span", { "class": "vz-place-meta" }, (extra ? extra + " \u00b7 " : "") +
      plural(p.total, "mention", "mentions") + " \u00b7 " +
      plural(p.sources.length, "article", "articles")));
    b.addEventListener("click", function () { onPick(p); });
    li.appendChild(b);
    return li;
  }

  function searchParts(V) {
    var ui = {
      box: el("div", { "class": "vz-search leaflet-bar", role: "search" }),
      btn: el("button", { type: "button", "class": "vz-search-toggle", "aria-expanded": "false",
        "aria-controls": "vz-search-panel" }, "Places (" + V.data.places.length + ")"),
      panel: el("div", { id: "vz-search-panel", "class": "vz-search-panel", hidden: "" }),
      input: el("input", { id: "vz-search-input", type: "search", autocomplete: "off",
        placeholder: "e.g. Caracas", "aria-describedby": "vz-search-status" }),
      sort: sortSelect(),
      status: el("p", { id: "vz-search-status", "class": "vz-search-status", "aria-live": "polite" }),
      list: el("ul", { "class": "vz-search-results", id: "vz-place-list", "aria-label": "Places" })
    };
    ui.panel.appendChild(el("label", { "for": "vz-search-input" }, "Find a place (name or alias)"));
    ui.panel.appendChild(ui.input);
    var row = el("div", { "class": "vz-sort-row" });
    row.appendChild(el("label", { "for": "vz-sort" }, "Sort by"));
    row.appendChild(ui.sort);
    ui.panel.appendChild(row);
    ui.panel.appendChild(ui.status);
    ui.panel.appendChild(ui.list);
    ui.panel.appendChild(articleTours(V, ui));
    ui.box.appendChild(ui.btn);
    ui.box.appendChild(ui.panel);
    return ui;
  }

  function sortSelect() {
    var sel = el("select", { id: "vz-sort" });
    [["mentions", "most mentioned"], ["sources", "most sources (articles)"], ["name", "name"]]
      .forEach(function (o) { sel.appendChild(el("option", { value: o[0] }, o[1])); });
    return sel;
  }

  /* "Article tours": one row per article (newest first) with a button that starts its tour;
     filled when first opened. */
  function articleTours(V, ui) {
    var box = el("details", { "class": "vz-articles" });
    box.appendChild(el("summary", null, "Article tours (" + V.data.docs.length + ")"));
    var list = el("ul", { "class": "vz-article-list", "aria-label": "Articles" });
    box.appendChild(list);
    box.addEventListener("toggle", function () {
      if (!box.open || list.firstChild) return;
      V.docsByDate.forEach(function (i) { list.appendChild(articleRow(V, V.data.docs[i], ui)); });
    });
    return box;
  }

  function articleRow(V, doc, ui) {
    var li = el("li", { "class": "vz-article-item", "data-doc": doc.id });
    var places = {};
    (V.docMentions[doc.id] || []).forEach(function (m) { places[m.place.id] = true; });
    var text = el("span", { "class": "vz-article-text" });
    text.appendChild(el("span", { "class": "vz-place-name" }, doc.title));
    text.appendChild(el("span", { "class": "vz-place-meta" }, (doc.date || "undated") + " \u00b7 " +
      plural(Object.keys(places).length, "place", "places")));
    li.appendChild(text);
    var b = tourButton(V, doc, "Tour");
    b.addEventListener("click", function () { if (isNarrow()) ui.setOpen(false); });
    li.appendChild(b);
    return li;
  }

  function renderList(V, ui) {
    var q = fold(ui.input.value.trim());
    var hits = searchHits(V, q, ui.sort.value);
    ui.list.textContent = "";
    hits.slice(0, LIST_LIMIT).forEach(function (p) {
      ui.list.appendChild(placeRow(V, p, function () {
        focusPlace(V, p.id);
        if (isNarrow()) ui.setOpen(false);
      }));
    });
    ui.status.textContent = hits.length > LIST_LIMIT
      ? plural(hits.length, "place", "places") + " found, first " + LIST_LIMIT + " shown"
      : plural(hits.length, "place", "places") + (q ? " found" : "");
  }

  function wireSearch(V, ui) {
    ui.setOpen = function (open) {
      if (open) {
        ui.panel.removeAttribute("hidden");
        renderList(V, ui);
      } else {
        ui.panel.setAttribute("hidden", "");
      }
      ui.btn.setAttribute("aria-expanded", open ? "true" : "false");
    };
    ui.btn.addEventListener("click", function () {
      var open = ui.panel.hasAttribute("hidden");
      ui.setOpen(open);
      if (open) ui.input.focus();
    });
    ui.refresh = function () {
      ui.btn.textContent = "Places (" + sortedPlaces(V, "mentions").length + ")";
      if (!ui.panel.hasAttribute("hidden")) renderList(V, ui);
    };
    ui.input.addEventListener("input", function () { renderList(V, ui); });
    ui.sort.addEventListener("change", function () { renderList(V, ui); });
    ui.input.addEventListener("keydown", function (e) { searchKey(ui, e); });
    var skip = document.querySelector(".vz-skip");
    if (skip) {
      skip.addEventListener("click", function (e) {
        e.preventDefault();
        ui.setOpen(true);
        ui.input.focus();
      });
    }
    L.DomEvent.disableClickPropagation(ui.box);
    L.DomEvent.disableScrollPropagation(ui.box);
  }

  function searchKey(ui, e) {
    if (e.key === "Enter") {
      var first = ui.list.querySelector("button");
      if (first) first.click();
    } else if (e.key === "Escape") {
      ui.setOpen(false);
      ui.btn.focus();
    }
  }

  function addSearch(V) {
    var Search = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var ui = searchParts(V);
        wireSearch(V, ui);
        V.search = ui;
        return ui.box;
      }
    });
    new Search().addTo(V.map);
  }

  /* ---------- reader panel (standalone export) ---------- */

  function readerPanel(V) {
    var R = { node: null, open: false, back: null };
    return {
      isOpen: function () { return R.open; },
      open: function (docId, start) { openReader(V, R, docId, start); },
      close: function (fromHash) { closeReader(V, R, fromHash); }
    };
  }

  function buildReader(V, R) {
    R.node = el("aside", { id: "vz-reader", "class": "vz-reader", role: "dialog",
      "aria-modal": "false", "aria-labelledby": "vz-reader-title", hidden: "" });
    var bar = el("div", { "class": "vz-reader-bar" });
    var close = el("a", { href: "#", "class": "vz-reader-close", role: "button" },
      "\u2190 Back to the map");
    close.addEventListener("click", function (e) {
      e.preventDefault();
      closeReader(V, R, false);
    });
    bar.appendChild(close);
    R.tourLink = el("a", { href: "#", "class": "vz-reader-tour" }, "Tour this article");
    bar.appendChild(R.tourLink);
    R.node.appendChild(bar);
    R.node.appendChild(el("div", { "class": "vz-reader-body" }));
    document.body.appendChild(R.node);
  }

  function openReader(V, R, docId, start) {
    var idx = V.docIndex[docId], doc = idx === undefined ? null : V.data.docs[idx];
    if (!R.node) buildReader(V, R);
    if (!R.open) R.back = V.state.place ? { place: V.state.place, type: V.state.type } : null;
    var body = R.node.querySelector(".vz-reader-body");
    body.textContent = "";
    R.tourLink.setAttribute("href", "#tour=" + encodeURIComponent(docId));
    R.tourLink.hidden = !doc;
    if (!doc || typeof doc.text !== "string") {
      body.appendChild(el("p", null, "This document is not included."));
    } else {
      fillReader(V, body, doc);
    }
    R.node.removeAttribute("hidden");
    R.open = true;
    V.map.closePopup();
    showTarget(body, start);
  }

  function fillReader(V, body, doc) {
    body.appendChild(el("h1", { id: "vz-reader-title" }, doc.title));
    var meta = [doc.byline, doc.date].filter(Boolean).join(" \u00b7 ");
    if (meta) body.appendChild(el("p", { "class": "vz-reader-meta" }, meta));
    body.appendChild(articleNode(V, doc.text, V.docMentions[doc.id] || [], function (mm) {
      return "#place=" + encodeURIComponent(mm.place.id).replace(/%3A/gi, ":") +
        "&type=" + encodeURIComponent(mm.type);
    }));
  }

  function showTarget(body, start) {
    var target = start !== undefined ? document.getElementById("m-" + start) : null;
    if (target) {
      target.classList.add("vz-target");
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    } else {
      body.scrollTop = 0;
    }
  }

  /* Close the panel; from its own button, back to the popup it was opened from. */
  function closeReader(V, R, fromHash) {
    if (!R.open) return;
    R.node.setAttribute("hidden", "");
    R.open = false;
    var back = R.back;
    R.back = null;
    if (fromHash) return;
    writeHash(V);
    if (back && !V.tour.active()) showPopup(V, back.place, back.type);
  }

  function articleNode(V, text, mentions, hrefOf) {
    var art = el("div", { "class": "vz-article" });
    var sorted = mentions.slice().sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var units = unitOffsets(text);
    var pos = 0;
    sorted.forEach(function (m0) {
      /* in UTF-16 units for slicing; the anchor id keeps the stable code-point start */
      var s = toUnit(units, m0.start), e = toUnit(units, m0.end);
      if (s < 0 || text.slice(s, e) !== m0.text) return;
      if (s < pos) {
        if (!document.getElementById("m-" + m0.start)) {
          art.appendChild(el("span", { id: "m-" + m0.start, "class": "vz-anchor" }));
        }
        return;
      }
      art.appendChild(document.createTextNode(text.slice(pos, s)));
      var t = V.types[m0.type] || { color: "#7f7f7f", label: m0.type };
      art.appendChild(el("a", { id: "m-" + m0.start, "class": "vz-mention", href: hrefOf(m0),
        style: "--vz-color:" + safeColor(t.color),
        title: m0.place.name + " \u2014 " + t.label + " (show on map)" }, text.slice(s, e)));
      pos = e;
    });
    art.appendChild(document.createTextNode(text.slice(pos)));
    return art;
  }

  /* ---------- start ---------- */

  function initialView(V) {
    var b = V.opts.bbox, map = V.map;
    if (!b) {
      map.setView([15, -40], 2, { animate: false });
    } else if (b[0] === b[2] && b[1] === b[3]) {
      map.setView([b[1], b[0]], 6, { animate: false });
    } else {
      var wide = window.innerWidth > 900;  /* keep data clear of the legend on the right */
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
        paddingTopLeft: [40, 40], paddingBottomRight: [wide ? 360 : 40, 40],
        maxZoom: 8, animate: false
      });
    }
  }

  function inventory(V) {
    var out = [];
    Object.keys(V.markersByPlace).sort().forEach(function (pid) {
      Object.keys(V.markersByPlace[pid]).sort().forEach(function (tid) {
        out.push([pid, tid, V.layers[tid].hasLayer(V.markersByPlace[pid][tid])]);
      });
    });
    return out;
  }

  function makeContext(cfg) {
    var V = {
      map: cfg.map, control: cfg.control, layers: cfg.layers, data: cfg.data,
      opts: cfg.options || {}, types: {}, markersByPlace: {}, markerCache: {}, placesById: {},
      docMentions: {}, keep: null,
      state: { place: null, type: null }, ready: false, container: cfg.map.getContainer()
    };
    V.data.types.forEach(function (t) { V.types[t.id] = t; });
    V.container.classList.add("vz-map");
    V.container.setAttribute("aria-label", "Story map of places mentioned in the articles");
    V.container.setAttribute("role", "region");
    /* what tour.js uses */
    V.readerHref = function (docId, start) { return readerHref(V, docId, start); };
    V.writeHash = function () { writeHash(V); };
    V.insets = function () { return mapInsets(V); };
    V.visibleTypes = function () { return visibleTypes(V); };
    V.applyLayers = function (list) { applyLayers(V, list); };
    V.viewString = function () { return viewString(V.map); };
    V.showPopup = function (id, tid) { return showPopup(V, id, tid); };
    /* what timeline.js uses */
    V.filter = function (keep) { return setFilter(V, keep); };
    return V;
  }

  function init(cfg) {
    var V = makeContext(cfg);
    indexDocs(V);
    indexPlaces(V);
    addMarkers(V);
    V.legend = decorateLegend(V);
    addSearch(V);
    if (V.opts.reader === "panel") V.reader = readerPanel(V);
    V.tour = window.vzmap.tour(V);
    V.timeline = window.vzmap.timeline(V);
    wireUrlState(V);
    initialView(V);
    V.ready = true;
    applyHash(V);
    window.vzmap.current = {
      map: V.map, layers: V.layers, tour: V.tour,
      focusPlace: function (id, tid) { return focusPlace(V, id, tid); },
      inventory: function () { return inventory(V); }
    };
    window.vzmapReady = true;
    document.documentElement.setAttribute("data-vzmap-ready", "1");
  }

  /* ---------- the served reader page ---------- */

  /* "Back to the map" returns to the view and popup the map was left at (its hash, saved by
     writeHash); "Tour this article" starts from that view. */
  function readerLinks() {
    var saved = null;
    try { saved = window.sessionStorage.getItem(BACK_KEY); } catch (e) { return; }
    if (!saved) return;
    var from = new URLSearchParams(saved), view = new URLSearchParams();
    ["place", "type", "layers", "view", "from", "to"].forEach(function (k) {
      if (from.has(k)) view.set(k, from.get(k));
    });
    var back = new URLSearchParams(view);
    ["tour", "step"].forEach(function (k) { if (from.has(k)) back.set(k, from.get(k)); });
    addToHash(document.getElementById("vz-back"), back);
    addToHash(document.getElementById("vz-tour-link"), view);
  }

  function addToHash(a, params) {
    if (!a) return;
    var parts = a.getAttribute("href").split("#"), own = parts[1] || "", h = params.toString();
    a.setAttribute("href", parts[0] + "#" + h + (h && own ? "&" : "") + own);
  }

  if (document.getElementById("vz-back")) readerLinks();

  window.vzmap = {
    init: init,
    clusterIcon: clusterIcon,
    tour: function () { throw new Error("vzmap: tour.js is not loaded"); },
    timeline: function () { return null; },  /* timeline.js replaces it */
    util: { el: el, plural: plural, safeColor: safeColor, markedExcerpt: markedExcerpt,
            isNarrow: isNarrow, NARROW: NARROW }
  };
})();
