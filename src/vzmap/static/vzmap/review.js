/* vzmap review queue: the one-click fixes of /review (a hand edit per click).
 *
 * Every write is a POST of JSON to the page's endpoint with the page's token (meta
 * vzmap-review-token) in the X-Vzmap-Token header and the version of the file the page showed;
 * the answer carries the file's new version for the next click. Names and sentences are only
 * ever set as text (textContent), never as markup.
 */
(function () {
  "use strict";

  var main = document.getElementById("vz-review");
  if (!main) { return; }
  var tokenMeta = document.querySelector('meta[name="vzmap-review-token"]');
  var state = {
    endpoint: main.getAttribute("data-endpoint"),
    version: main.getAttribute("data-version"),
    token: tokenMeta ? tokenMeta.getAttribute("content") : "",
    busy: false,
    opener: null,
    map: null,
    marker: null,
    basemap: false
  };
  var statusEl = document.getElementById("vz-review-status");
  var picker = document.getElementById("vz-review-picker");

  /* kind "error" with reload true (or a message that says "reload") offers a Reload button:
   * after a restart of vzmap (new token, 403) or a change of the file (409) nothing else helps. */
  function say(text, kind, reload) {
    statusEl.textContent = "";
    statusEl.className = "vz-rv-status" + (kind ? " vz-rv-" + kind : "");
    var p = document.createElement("span");
    p.textContent = text;
    statusEl.appendChild(p);
    if (kind === "error" && (reload || /reload/i.test(text))) {
      var again = document.createElement("button");
      again.type = "button";
      again.className = "vz-rv-btn";
      again.textContent = "Reload the page";
      again.addEventListener("click", function () { window.location.reload(); });
      statusEl.appendChild(document.createTextNode(" "));
      statusEl.appendChild(again);
    }
  }

  function setBusy(on) {
    state.busy = on;
    main.setAttribute("aria-busy", on ? "true" : "false");
    var buttons = main.querySelectorAll("button[data-action]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = on; }
  }

  function itemOf(el) { return el.closest ? el.closest("li.vz-rv-item") : null; }

  function updateCount() {
    var count = document.getElementById("vz-review-count");
    if (count) {
      var n = parseInt(count.textContent, 10);
      if (n > 0) { count.textContent = String(n - 1); }
    }
  }

  function removeItem(li) {
    var next = li.nextElementSibling || li.previousElementSibling;
    if (picker && li.contains(picker)) { closePicker(false); }
    li.parentNode.removeChild(li);
    updateCount();
    var target = next ? next.querySelector(".vz-rv-title") : null;
    if (!target) {
      var list = document.getElementById("vz-review-list");
      if (list && !list.querySelector("li")) {
        var empty = document.createElement("p");
        empty.className = "vz-rv-empty";
        empty.id = "vz-review-empty";
        empty.tabIndex = -1;
        empty.textContent = "Nothing left to review on this page.";
        list.parentNode.insertBefore(empty, list.nextSibling);
        target = empty;
      }
    }
    if (target) { target.focus(); }
  }

  function send(li, fields) {
    if (state.busy) { return; }
    var body = {
      action: fields.action,
      doc: li.getAttribute("data-doc"),
      start: parseInt(li.getAttribute("data-start"), 10),
      end: parseInt(li.getAttribute("data-end"), 10),
      place: li.getAttribute("data-place"),
      version: state.version
    };
    for (var k in fields) { if (Object.prototype.hasOwnProperty.call(fields, k)) { body[k] = fields[k]; } }
    setBusy(true);
    say("Saving…");
    fetch(state.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Vzmap-Token": state.token },
      body: JSON.stringify(body)
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        return { status: resp.status, data: data };
      });
    }).then(function (r) {
      setBusy(false);
      if (r.status === 200 && r.data.ok) {
        state.version = r.data.version;
        main.setAttribute("data-version", state.version);
        say("Saved: " + r.data.message + ".", "ok");
        removeItem(li);
      } else {
        say(r.data.error || ("The server answered " + r.status + "."), "error",
            r.status === 403 || r.status === 409);
      }
    }).catch(function (err) {
      setBusy(false);
      say("Could not reach the server (" + err + "): nothing was saved.", "error");
    });
  }

  /* ---------------------------------------------------------------- the point picker */

  function loadBasemap() {
    if (state.basemap) { return; }
    state.basemap = true;
    fetch(picker.getAttribute("data-basemap")).then(function (r) { return r.json(); })
      .then(function (gj) {
        L.geoJSON(gj, {
          interactive: false,
          style: { color: "#8a8577", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 }
        }).addTo(state.map).bringToBack();
        state.map.getContainer().setAttribute("data-basemap-ready", "");
      }).catch(function () { say("The basemap could not be loaded; you can still type coordinates."); });
  }

  function inputs() {
    return [document.getElementById("vz-picker-lat"), document.getElementById("vz-picker-lon")];
  }

  function setPoint(lat, lon, pan) {
    var ins = inputs();
    ins[0].value = String(Math.round(lat * 1e5) / 1e5);
    ins[1].value = String(Math.round(lon * 1e5) / 1e5);
    state.marker.setLatLng([lat, lon]);
    if (pan) { state.map.panTo([lat, lon]); }
  }

  function makeMap() {
    var map = L.map("vz-picker-map", { keyboard: true, worldCopyJump: true, zoomControl: true });
    map.attributionControl.addAttribution("Basemap: Natural Earth (public domain)");
    state.map = map;
    state.marker = L.circleMarker([0, 0], {
      radius: 9, color: "#fff", weight: 2, fillColor: "#c0392b", fillOpacity: 0.95
    }).addTo(map);
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, false); });
    map.getContainer().addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target === map.getContainer()) {
        var c = map.getCenter();
        setPoint(c.lat, c.lng, false);
        e.preventDefault();
      }
    });
    inputs().forEach(function (input) {
      input.addEventListener("change", function () {
        var ins = inputs(), lat = parseFloat(ins[0].value), lon = parseFloat(ins[1].value);
        if (isFinite(lat) && isFinite(lon)) { state.marker.setLatLng([lat, lon]); map.panTo([lat, lon]); }
      });
    });
    loadBasemap();
  }

  function openPicker(li, button) {
    if (state.opener) { closePicker(false); }
    state.opener = button;
    button.setAttribute("aria-expanded", "true");
    li.appendChild(picker);
    picker.hidden = false;
    document.getElementById("vz-picker-place").textContent = li.getAttribute("data-place-name");
    if (!state.map) { makeMap(); }
    var lat = parseFloat(li.getAttribute("data-lat")), lon = parseFloat(li.getAttribute("data-lon"));
    if (!isFinite(lat) || !isFinite(lon)) { lat = 8; lon = -66; }
    state.map.invalidateSize();
    state.map.setView([lat, lon], 6, { animate: false });
    setPoint(lat, lon, false);
    state.map.getContainer().focus();
  }

  function closePicker(refocus) {
    picker.hidden = true;
    main.appendChild(picker);
    var opener = state.opener;
    state.opener = null;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (refocus && document.body.contains(opener)) { opener.focus(); }
    }
  }

  function savePoint() {
    var li = itemOf(picker);
    var ins = inputs(), lat = parseFloat(ins[0].value), lon = parseFloat(ins[1].value);
    if (!li) { return; }
    if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      say("Give a latitude from -90 to 90 and a longitude from -180 to 180.", "error");
      ins[0].focus();
      return;
    }
    send(li, { action: "point", lat: lat, lon: lon });
  }

  /* ---------------------------------------------------------------- clicks and keys */

  main.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-action]") : null;
    if (!button || button.disabled) { return; }
    var action = button.getAttribute("data-action");
    var li = itemOf(button);
    if (action === "candidate" && li) {
      send(li, { action: "candidate", candidate: button.getAttribute("data-candidate") });
    } else if (action === "not_a_place" && li) {
      send(li, { action: "not_a_place" });
    } else if (action === "open-point" && li) {
      if (button.getAttribute("aria-expanded") === "true") { closePicker(true); }
      else { openPicker(li, button); }
    } else if (action === "close-point") {
      closePicker(true);
    } else if (action === "point") {
      savePoint();
    }
  });

  if (picker) {
    picker.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { closePicker(true); e.preventDefault(); }
    });
  }
  document.documentElement.setAttribute("data-vzmap-review-ready", "");
})();
