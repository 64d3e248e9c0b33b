/* vzmap story map: markers, popups, place search, URL state and the in-page reader.
 *
 * Built from the JSON payload that vzmap.mapview puts in the page. Data from the places file
 * (names, aliases, excerpts, titles) is only ever inserted with textContent, never as HTML.
 * URL state lives in the hash: #place=<id>&type=<event type>&layers=<ids,...> and, in the
 * standalone export, #doc=<doc>&m=<start> for the reader panel.
 */
(function () {
  "use strict";

  var HEX = /^#[0-9a-fA-F]{6}$/;

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
    var h = window.location.hash.replace(/^#/, "");
    var params = new URLSearchParams(h);
    var out = {};
    params.forEach(function (v, k) { out[k] = v; });
    return out;
  }

  function init(cfg) {
    var map = cfg.map, control = cfg.control, layers = cfg.layers, data = cfg.data;
    var opts = cfg.options || {};
    var types = {}, markersByPlace = {}, placesById = {};
    var docMentions = {};
    var container = map.getContainer();
    container.classList.add("vz-map");
    container.setAttribute("aria-label", "Story map of places mentioned in the articles");
    container.setAttribute("role", "region");

    data.types.forEach(function (t) { types[t.id] = t; });

    /* ---------- markers ---------- */
    var perLayer = {};
    data.places.forEach(function (p) {
      placesById[p.id] = p;
      var byType = {};
      p.m.forEach(function (m) {
        (byType[m[6]] = byType[m[6]] || []).push(m);
        var doc = data.docs[m[0]];
        (docMentions[doc.id] = docMentions[doc.id] || []).push({
          start: m[1], end: m[2], text: m[3], type: m[6], place: p
        });
      });
      if (!p.m.length) byType[data.fallback || "other"] = [];  /* a place drawn by hand */
      p.total = p.m.length;
      p.search = [fold(p.name)].concat(p.aliases.map(fold));
      markersByPlace[p.id] = {};
      Object.keys(byType).sort().forEach(function (tid) {
        var t = types[tid];
        if (!t || !layers[tid]) return;
        var mentions = byType[tid];
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
        marker.vzType = tid;
        marker.on("add", function () {
          var e = marker.getElement();
          if (e) {
            e.setAttribute("aria-label", label);
            e.setAttribute("data-place", p.id);
            e.setAttribute("data-type", tid);
          }
        });
        marker.bindPopup(function () { return popupContent(p, t, mentions); }, {
          maxWidth: Math.min(360, window.innerWidth - 50),
          maxHeight: Math.min(360, window.innerHeight - 140),
          autoPanPadding: [20, 20],
          className: "vz-popup-wrap"
        });
        markersByPlace[p.id][tid] = marker;
        (perLayer[tid] = perLayer[tid] || []).push(marker);
      });
    });
    Object.keys(perLayer).forEach(function (tid) { layers[tid].addLayers(perLayer[tid]); });

    /* ---------- popups ---------- */
    function readerHref(docId, start) {
      if (opts.reader === "panel") {
        return "#doc=" + encodeURIComponent(docId) + "&m=" + start;
      }
      return opts.readerBase + encodeURIComponent(docId) + "#m-" + start;
    }

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

    function excerptNode(m) {
      var excerpt = m[4], text = m[3];
      var rel = toUnit(unitOffsets(excerpt), m[1] - m[5]);
      if (!(rel >= 0 && excerpt.substr(rel, m[2] - m[1]) === text)) rel = excerpt.indexOf(text);
      var q = el("blockquote", { "class": "vz-excerpt" });
      if (rel < 0 || !text) {
        q.textContent = excerpt;
        return q;
      }
      q.appendChild(document.createTextNode(excerpt.slice(0, rel)));
      q.appendChild(el("mark", null, excerpt.substr(rel, text.length)));
      q.appendChild(document.createTextNode(excerpt.slice(rel + text.length)));
      return q;
    }

    function popupContent(p, t, mentions) {
      var root = el("div", { "class": "vz-popup" });
      root.appendChild(el("h2", { "class": "vz-popup-title" }, p.name));
      var where = [p.kind, p.admin1, p.country].filter(Boolean).join(" \u00b7 ");
      if (where) root.appendChild(el("p", { "class": "vz-popup-where" }, where));
      var type = el("p", { "class": "vz-popup-type" });
      type.appendChild(el("span", { "class": "vz-swatch", "aria-hidden": "true",
        style: "background:" + safeColor(t.color) }));
      type.appendChild(document.createTextNode(mentions.length ? t.label + " \u2014 " +
        plural(mentions.length, "mention", "mentions") : "Added by hand; no article names it"));
      root.appendChild(type);
      if (p.desc) root.appendChild(el("p", { "class": "vz-popup-desc" }, p.desc));
      var list = el("ol", { "class": "vz-mentions" });
      mentions.forEach(function (m) {
        var doc = data.docs[m[0]];
        var li = el("li", { "class": "vz-mention-item" });
        li.appendChild(excerptNode(m));
        var src = el("p", { "class": "vz-source" });
        src.appendChild(el("cite", null, doc.title));
        if (doc.date) src.appendChild(document.createTextNode(" (" + doc.date + ")"));
        src.appendChild(document.createTextNode(" "));
        var a = el("a", { href: readerHref(doc.id, m[1]), "class": "vz-read" }, "Read in context");
        a.setAttribute("aria-label", "Read in context: " + doc.title);
        src.appendChild(a);
        li.appendChild(src);
        list.appendChild(li);
      });
      root.appendChild(list);
      var others = Object.keys(markersByPlace[p.id]).filter(function (x) { return x !== t.id; });
      if (others.length) {
        var also = el("p", { "class": "vz-also" }, "Also mapped as: ");
        others.forEach(function (tid, i) {
          var b = el("button", { type: "button", "class": "vz-linkish" }, types[tid].label);
          b.addEventListener("click", function () { focusPlace(p.id, tid); });
          if (i) also.appendChild(document.createTextNode(", "));
          also.appendChild(b);
        });
        root.appendChild(also);
      }
      return root;
    }

    /* ---------- URL state ---------- */
    var state = { place: null, type: null };

    function visibleTypes() {
      return data.types.filter(function (t) { return map.hasLayer(layers[t.id]); })
        .map(function (t) { return t.id; });
    }

    function writeHash() {
      var params = new URLSearchParams();
      if (state.place) {
        params.set("place", state.place);
        if (state.type) params.set("type", state.type);
      }
      var vis = visibleTypes();
      if (vis.length !== data.types.length) params.set("layers", vis.join(","));
      var h = params.toString().replace(/%3A/gi, ":").replace(/%2C/gi, ",");
      var url = window.location.pathname + window.location.search + (h ? "#" + h : "");
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        history.replaceState(null, "", url);
      }
    }

    function applyLayers(list) {
      var want = {};
      list.split(",").forEach(function (x) { if (x) want[x] = true; });
      data.types.forEach(function (t) {
        if (want[t.id] && !map.hasLayer(layers[t.id])) map.addLayer(layers[t.id]);
        if (!want[t.id] && map.hasLayer(layers[t.id])) map.removeLayer(layers[t.id]);
      });
    }

    function focusPlace(id, tid) {
      var ms = markersByPlace[id];
      if (!ms) return false;
      var keys = Object.keys(ms);
      if (!keys.length) return false;
      if (!tid || !ms[tid]) {
        tid = keys.filter(function (k) { return map.hasLayer(layers[k]); })[0] || keys[0];
      }
      if (!map.hasLayer(layers[tid])) map.addLayer(layers[tid]);
      var marker = ms[tid], group = layers[tid];
      /* Zoom to the level where the marker leaves its cluster (markercluster's own
         zoomToBounds centres on the cluster's centroid and can leave the marker off screen). */
      var parent = marker.__parent;
      var need = parent && parent._zoom !== undefined ? parent._zoom + 1 : map.getZoom();
      var maxZ = map.getMaxZoom();
      var zoom = Math.max(map.getZoom(), Math.min(need, maxZ), 5);
      map.setView(marker.getLatLng(), zoom, { animate: false });
      var tries = 60;
      (function openWhenShown() {
        if (marker._icon) {
          marker.openPopup();
        } else if (tries-- > 0 && need <= maxZ) {
          setTimeout(openWhenShown, 50);
        } else {
          group.zoomToShowLayer(marker, function () { marker.openPopup(); });
        }
      })();
      return true;
    }

    function applyHash() {
      var h = parseHash();
      if (h.doc !== undefined && opts.reader === "panel") {
        openReader(h.doc, h.m);
        return;
      }
      closeReader(true);
      if (h.layers !== undefined) applyLayers(h.layers);
      if (h.place) focusPlace(h.place, h.type);
    }

    map.on("overlayadd overlayremove", writeHash);
    map.on("popupopen", function (e) {
      var src = e.popup._source;
      if (src && src.vzPlace) {
        state.place = src.vzPlace;
        state.type = src.vzType;
        writeHash();
      }
    });
    map.on("popupclose", function (e) {
      var src = e.popup._source;
      if (src && src.vzPlace === state.place && src.vzType === state.type) {
        state.place = null;
        state.type = null;
        if (!readerOpen) writeHash();
      }
    });
    window.addEventListener("hashchange", applyHash);

    /* ---------- layer control as legend ---------- */
    var lc = control.getContainer();
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
    toggle.addEventListener("click", function () {
      var shut = lc.classList.toggle("vz-shut");
      toggle.setAttribute("aria-expanded", shut ? "false" : "true");
    });
    lc.insertBefore(toggle, lc.firstChild);
    if (window.innerWidth < 600) {
      lc.classList.add("vz-shut");
      toggle.setAttribute("aria-expanded", "false");
    }

    /* ---------- place search and list ---------- */
    var ranked = data.places.slice().sort(function (a, b) {
      return b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    var Search = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = el("div", { "class": "vz-search leaflet-bar", role: "search" });
        var btn = el("button", { type: "button", "class": "vz-search-toggle",
          "aria-expanded": "false", "aria-controls": "vz-search-panel" },
          "Places (" + data.places.length + ")");
        var panel = el("div", { id: "vz-search-panel", "class": "vz-search-panel", hidden: "" });
        var label = el("label", { "for": "vz-search-input" }, "Find a place (name or alias)");
        var input = el("input", { id: "vz-search-input", type: "search", autocomplete: "off",
          placeholder: "e.g. Caracas", "aria-describedby": "vz-search-status" });
        var status = el("p", { id: "vz-search-status", "class": "vz-search-status",
          "aria-live": "polite" });
        var list = el("ul", { "class": "vz-search-results", id: "vz-place-list",
          "aria-label": "Places" });
        panel.appendChild(label);
        panel.appendChild(input);
        panel.appendChild(status);
        panel.appendChild(list);
        box.appendChild(btn);
        box.appendChild(panel);
        var LIMIT = 100;

        function render() {
          var q = fold(input.value.trim());
          var hits = [];
          for (var i = 0; i < ranked.length; i++) {
            var p = ranked[i];
            if (!q || p.search.some(function (s) { return s.indexOf(q) !== -1; })) hits.push(p);
          }
          if (q) {
            hits.sort(function (a, b) {
              var ap = a.search.some(function (s) { return s.indexOf(q) === 0; }) ? 0 : 1;
              var bp = b.search.some(function (s) { return s.indexOf(q) === 0; }) ? 0 : 1;
              return ap - bp;
            });
          }
          list.textContent = "";
          hits.slice(0, LIMIT).forEach(function (p) {
            var li = el("li");
            var b = el("button", { type: "button", "class": "vz-place", "data-place": p.id });
            b.appendChild(el("span", { "class": "vz-place-name" }, p.name));
            var extra = [p.kind, p.country].filter(Boolean).join(", ");
            b.appendChild(el("span", { "class": "vz-place-meta" },
              (extra ? extra + " \u00b7 " : "") + plural(p.total, "mention", "mentions")));
            b.addEventListener("click", function () {
              focusPlace(p.id);
              if (window.innerWidth < 600) setOpen(false);
            });
            li.appendChild(b);
            list.appendChild(li);
          });
          status.textContent = hits.length > LIMIT
            ? plural(hits.length, "place", "places") + " found, first " + LIMIT + " shown"
            : plural(hits.length, "place", "places") + (q ? " found" : "");
          return hits;
        }

        function setOpen(open) {
          if (open) {
            panel.removeAttribute("hidden");
            render();
          } else {
            panel.setAttribute("hidden", "");
          }
          btn.setAttribute("aria-expanded", open ? "true" : "false");
        }
        btn.addEventListener("click", function () {
          var open = panel.hasAttribute("hidden");
          setOpen(open);
          if (open) input.focus();
        });
        input.addEventListener("input", render);
        input.addEventListener("keydown", function (e) {
          if (e.key === "Enter") {
            var first = list.querySelector("button");
            if (first) first.click();
          } else if (e.key === "Escape") {
            setOpen(false);
            btn.focus();
          }
        });
        var skip = document.querySelector(".vz-skip");
        if (skip) {
          skip.addEventListener("click", function (e) {
            e.preventDefault();
            setOpen(true);
            input.focus();
          });
        }
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Search().addTo(map);

    /* ---------- reader panel (standalone export) ---------- */
    var readerOpen = false;
    var reader = null;

    function buildReader() {
      reader = el("aside", { id: "vz-reader", "class": "vz-reader", role: "dialog",
        "aria-modal": "false", "aria-labelledby": "vz-reader-title", hidden: "" });
      var bar = el("div", { "class": "vz-reader-bar" });
      var close = el("a", { href: "#", "class": "vz-reader-close", role: "button" },
        "\u2190 Back to map");
      close.addEventListener("click", function (e) {
        e.preventDefault();
        closeReader(false);
      });
      bar.appendChild(close);
      reader.appendChild(bar);
      reader.appendChild(el("div", { "class": "vz-reader-body" }));
      document.body.appendChild(reader);
    }

    function openReader(docId, start) {
      var doc = null;
      data.docs.forEach(function (d) { if (d.id === docId) doc = d; });
      if (!reader) buildReader();
      var body = reader.querySelector(".vz-reader-body");
      body.textContent = "";
      if (!doc || typeof doc.text !== "string") {
        body.appendChild(el("p", null, "This document is not included."));
      } else {
        body.appendChild(el("h1", { id: "vz-reader-title" }, doc.title));
        var meta = [doc.byline, doc.date].filter(Boolean).join(" \u00b7 ");
        if (meta) body.appendChild(el("p", { "class": "vz-reader-meta" }, meta));
        body.appendChild(articleNode(doc.text, docMentions[doc.id] || [], function (mm) {
          return "#place=" + encodeURIComponent(mm.place.id).replace(/%3A/gi, ":") +
            "&type=" + encodeURIComponent(mm.type);
        }));
      }
      reader.removeAttribute("hidden");
      readerOpen = true;
      map.closePopup();
      var target = start !== undefined ? document.getElementById("m-" + start) : null;
      if (target) {
        target.classList.add("vz-target");
        target.scrollIntoView({ block: "center" });
        target.focus({ preventScroll: true });
      } else {
        body.scrollTop = 0;
      }
    }

    function closeReader(fromHash) {
      if (!readerOpen) return;
      reader.setAttribute("hidden", "");
      readerOpen = false;
      if (!fromHash) writeHash();
    }

    function articleNode(text, mentions, hrefOf) {
      var art = el("div", { "class": "vz-article" });
      var sorted = mentions.slice().sort(function (a, b) { return a.start - b.start || b.end - a.end; });
      var units = unitOffsets(text);
      var pos = 0;
      sorted.forEach(function (m0) {
        // a copy in UTF-16 units for slicing; the anchor id keeps the stable code-point start
        var mm = { start: toUnit(units, m0.start), end: toUnit(units, m0.end), text: m0.text,
                   type: m0.type, place: m0.place, id: m0.start };
        if (mm.start < 0 || text.slice(mm.start, mm.end) !== mm.text) return;
        if (mm.start < pos) {
          if (!document.getElementById("m-" + mm.id)) {
            art.appendChild(el("span", { id: "m-" + mm.id, "class": "vz-anchor" }));
          }
          return;
        }
        art.appendChild(document.createTextNode(text.slice(pos, mm.start)));
        var t = types[mm.type] || { color: "#7f7f7f", label: mm.type };
        var a = el("a", { id: "m-" + mm.id, "class": "vz-mention", href: hrefOf(m0),
          style: "--vz-color:" + safeColor(t.color),
          title: mm.place.name + " \u2014 " + t.label + " (show on map)" }, text.slice(mm.start, mm.end));
        art.appendChild(a);
        pos = mm.end;
      });
      art.appendChild(document.createTextNode(text.slice(pos)));
      return art;
    }

    /* ---------- initial view ---------- */
    var b = opts.bbox;
    if (b) {
      if (b[0] === b[2] && b[1] === b[3]) {
        map.setView([b[1], b[0]], 6, { animate: false });
      } else {
        var wide = window.innerWidth > 900;  /* keep data clear of the legend on the right */
        map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {
          paddingTopLeft: [40, 40], paddingBottomRight: [wide ? 360 : 40, 40],
          maxZoom: 8, animate: false
        });
      }
    } else {
      map.setView([15, -40], 2, { animate: false });
    }
    applyHash();
    window.vzmap.current = {
      map: map, layers: layers, focusPlace: focusPlace,
      inventory: function () {
        var out = [];
        Object.keys(markersByPlace).sort().forEach(function (pid) {
          Object.keys(markersByPlace[pid]).sort().forEach(function (tid) {
            out.push([pid, tid, layers[tid].hasLayer(markersByPlace[pid][tid])]);
          });
        });
        return out;
      }
    };
    window.vzmapReady = true;
    document.documentElement.setAttribute("data-vzmap-ready", "1");
  }

  window.vzmap = { init: init, clusterIcon: clusterIcon };
})();
