// Event explorer: deep links and history. Without this script the explorer
// still works (its generated CSS shows the checked type's rows); the script
// adds what CSS cannot:
//
// - the URL hash names the chosen type, one "key=value" pair per explorer:
//   #event=add_to_cart&cart=checkout. A hash selects on load, picking a type
//   pushes a new history entry, and Back restores the previous choice.
// - "#event=add_to_cart/quantities" also points at one property's row, and
//   the property links are rewritten to that form for the chosen type.
//
// Which rows a type shows is never computed here: each row lists its types
// in data-events, written by the build from the spec model.
//
// A catalog too large for one page ships no rows (data-rows="lazy"): the
// chosen type's rows are taken from its own page, which lists exactly its
// props, and shown as rows for whatever is checked (data-all).
(function () {
  "use strict";
  var STATE = "specsiteExplorers";
  var explorers = [];

  function encode(text) {
    return encodeURIComponent(text).replace(/%2F/gi, "/");
  }

  // "#a=x&b=y" -> {a: "x", b: "y"}; a hash without "=" is a plain anchor: {}.
  function hashParams() {
    var params = {};
    var raw = location.hash.slice(1);
    if (raw.indexOf("=") < 0) return params;
    raw.split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq <= 0) return;
      try {
        params[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
      } catch (e) { /* a malformed pair is skipped */ }
    });
    return params;
  }

  function formatHash(params) {
    return "#" + Object.keys(params).map(function (key) {
      return encode(key) + "=" + encode(params[key]);
    }).join("&");
  }

  function Explorer(root) {
    this.root = root;
    this.key = root.getAttribute("data-key");
    this.radios = Array.prototype.slice.call(root.querySelectorAll("input.ee-radio"));
    this.lazy = root.querySelector("[data-rows=lazy]");
    this.loaded = {}; // value -> Promise of the rows' markup (a type's page is fetched once)
    this.shownRows = null; // the value whose rows the lazy table holds
    this.pending = null; // "value/prop" row to mark once the lazy rows are in
  }

  // The link to a type's own page: the first link of its summary.
  function pageOf(ex, value) {
    var summary = [].filter.call(ex.root.querySelectorAll(".ee-summary"),
      function (el) { return el.getAttribute("data-event") === value; })[0];
    var link = summary && summary.querySelector(".ee-links a[href]");
    return link ? new URL(link.getAttribute("href"), location.href) : null;
  }

  // The chosen type's rows, made from its page's property table.
  Explorer.prototype.rowsOf = function (value) {
    if (this.loaded[value]) return this.loaded[value];
    var from = pageOf(this, value);
    var key = this.key;
    var promise = fetch(from.href).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var table = doc.querySelector("table.event-type-props tbody");
      if (!table) throw new Error("no property table");
      var body = document.createElement("tbody");
      table.querySelectorAll("tr").forEach(function (source) {
        var cells = source.querySelectorAll("td");
        var name = cells[0].querySelector("code").textContent;
        var row = document.createElement("tr");
        row.className = "ee-row";
        row.id = key + "." + name;
        row.setAttribute("data-all", "");
        var first = document.createElement("td");
        var link = document.createElement("a");
        link.className = "prop-name ee-prop-link";
        link.href = "#" + row.id;
        link.appendChild(document.createElement("code")).textContent = name;
        first.appendChild(link);
        // As in a built row: the mark is always there, shown where the prop is required.
        var badge = document.createElement("span");
        badge.className = "badge badge-required ee-req";
        badge.textContent = "required";
        if (cells[0].querySelector(".badge-required")) row.setAttribute("data-required-all", "");
        else badge.hidden = true;
        first.appendChild(document.createTextNode(" "));
        first.appendChild(badge);
        row.appendChild(first);
        for (var i = 1; i < cells.length; i++) {
          // Links in a description were written for the type's page: make them absolute.
          cells[i].querySelectorAll("a[href]").forEach(function (a) {
            var href = a.getAttribute("href");
            if (href.charAt(0) !== "#") a.setAttribute("href", new URL(href, from).href);
          });
          row.appendChild(document.importNode(cells[i], true));
        }
        body.appendChild(row);
      });
      return body;
    });
    this.loaded[value] = promise;
    // A failed load is tried again the next time the type is chosen.
    var loaded = this.loaded;
    promise.catch(function () { delete loaded[value]; });
    return promise;
  };

  // Put the chosen type's rows into a lazy table (the latest choice wins).
  Explorer.prototype.fill = function () {
    var value = this.value();
    if (!this.lazy || this.shownRows === value) return;
    var ex = this;
    var wrap = this.lazy;
    var note = this.root.querySelector(".ee-rows-note");
    if (!pageOf(this, value)) return;
    // Another type's rows stay out of sight until the chosen type's are in.
    wrap.hidden = true;
    note.hidden = false;
    note.setAttribute("role", "status");
    note.textContent = "Loading the properties of \u201c" + value + "\u201d\u2026";
    this.rowsOf(value).then(function (body) {
      if (ex.value() !== value) return;
      var table = wrap.querySelector("table");
      table.replaceChild(body.cloneNode(true), table.querySelector("tbody"));
      ex.shownRows = value;
      wrap.hidden = false;
      note.hidden = true;
      ex.update();
      ex.mark(true);
    }, function (error) {
      if (ex.value() !== value) return;
      wrap.hidden = true;
      ex.shownRows = null;
      note.textContent = "Could not load the properties of \u201c" + value + "\u201d (" + error.message +
        "); they are on its own page, linked above.";
    });
  };

  Explorer.prototype.value = function () {
    var checked = this.radios.filter(function (radio) { return radio.checked; })[0];
    return checked ? checked.value : this.root.getAttribute("data-default");
  };

  // Check the radio of `value`; false when this explorer has no such type.
  Explorer.prototype.select = function (value) {
    var radio = this.radios.filter(function (r) { return r.value === value; })[0];
    if (!radio) return false;
    radio.checked = true;
    this.update();
    return true;
  };

  // Point each property link at "#key=value/prop" for the chosen type.
  Explorer.prototype.update = function () {
    var value = this.value();
    var key = this.key;
    if (this.lazy && this.shownRows !== value) {
      this.fill();
      return;
    }
    // Back on the type whose rows are in: no load of another type is pending any more.
    if (this.lazy) {
      this.root.querySelector(".ee-rows-note").hidden = true;
      this.lazy.hidden = false;
    }
    this.root.querySelectorAll("tr.ee-row").forEach(function (row) {
      var link = row.querySelector("a.ee-prop-link");
      var prop = row.id.slice(key.length + 1);
      if (link) link.setAttribute("href", "#" + encode(key) + "=" + encode(value + "/" + prop));
    });
  };

  // A link may name a type this explorer does not have (renamed, or a typo):
  // say so, instead of silently showing another type.
  Explorer.prototype.warn = function (value) {
    var note = this.root.querySelector(".ee-unknown");
    if (value === null) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "ee-unknown";
      note.setAttribute("role", "status");
      this.root.insertBefore(note, this.root.firstChild);
    }
    note.textContent = "There is no event type \u201c" + value + "\u201d here; showing \u201c" +
      this.value() + "\u201d instead. Pick a type below.";
  };

  Explorer.prototype.row = function (prop) {
    return document.getElementById(this.key + "." + prop);
  };

  // Apply "value" or "value/prop" from the hash; scroll when following a link.
  Explorer.prototype.follow = function (wanted, scroll) {
    var cut = wanted.indexOf("/");
    var value = cut < 0 ? wanted : wanted.slice(0, cut);
    if (!this.select(value)) {
      this.warn(value);
      return;
    }
    this.warn(null);
    this.pending = { prop: cut < 0 ? null : wanted.slice(cut + 1), scroll: scroll };
    // A lazy table marks the row once the chosen type's rows are in (fill calls mark).
    if (!this.lazy || this.shownRows === value) this.mark(false);
  };

  // Mark the row a followed link names, and scroll to it (or to the explorer).
  Explorer.prototype.mark = function (late) {
    var pending = this.pending;
    this.pending = null;
    if (!pending) return;
    var row = pending.prop === null ? null : this.row(pending.prop);
    this.root.querySelectorAll("tr.ee-target").forEach(function (r) { r.classList.remove("ee-target"); });
    if (row) row.classList.add("ee-target");
    if (pending.scroll && (row || !late)) (row || this.root).scrollIntoView({ block: row ? "center" : "start" });
  };

  function selections() {
    var chosen = {};
    explorers.forEach(function (ex) { chosen[ex.key] = ex.value(); });
    return chosen;
  }

  function withSelections(state) {
    var next = {};
    if (state && typeof state === "object") Object.keys(state).forEach(function (k) { next[k] = state[k]; });
    next[STATE] = selections();
    return next;
  }

  // Bring every explorer in line with the current history entry: its hash
  // first, then the choices saved with the entry. An entry made by following
  // an ordinary anchor has neither, so the explorers keep their choice and
  // the entry records it, for when Back or Forward returns to it.
  function sync(scroll) {
    var params = hashParams();
    var saved = history.state && history.state[STATE];
    explorers.forEach(function (ex) {
      if (Object.prototype.hasOwnProperty.call(params, ex.key)) ex.follow(params[ex.key], scroll);
      else if (saved && saved[ex.key]) ex.select(saved[ex.key]);
    });
    history.replaceState(withSelections(history.state), "", location.href);
  }

  // A click is a choice: one history entry. Arrow keys walk through the
  // types one by one: they update the current entry instead of adding one
  // per key press, so Back leaves the explorer rather than replaying the walk.
  function onPick(ex, walking) {
    var params = hashParams();
    params[ex.key] = ex.value();
    ex.pending = null;
    ex.update();
    ex.warn(null);
    var save = walking ? history.replaceState : history.pushState;
    save.call(history, withSelections(history.state), "", formatHash(params));
  }

  var ARROWS = { ArrowUp: 1, ArrowDown: 1, ArrowLeft: 1, ArrowRight: 1, Home: 1, End: 1 };

  function setup() {
    var seen = {};
    document.querySelectorAll(".event-explorer[data-key]").forEach(function (root) {
      var ex = new Explorer(root);
      if (seen[ex.key]) {
        console.warn("specsite: two event explorers use the key '" + ex.key + "'; give one another key");
        return;
      }
      seen[ex.key] = true;
      explorers.push(ex);
      var walking = false;
      root.addEventListener("keydown", function (event) {
        walking = Object.prototype.hasOwnProperty.call(ARROWS, event.key);
      });
      root.addEventListener("keyup", function () { walking = false; });
      root.addEventListener("pointerdown", function () { walking = false; });
      root.addEventListener("change", function (event) {
        if (event.target.classList.contains("ee-radio")) onPick(ex, walking);
      });
      ex.update();
    });
    if (!explorers.length) return;
    // An entry this script has not stamped yet is a link just followed (or a
    // hash typed by hand): scroll to what it names. A stamped one is Back or
    // Forward, where the browser restores the scroll position itself.
    var onNavigate = function () { sync(!(history.state && history.state[STATE])); };
    window.addEventListener("popstate", onNavigate);
    window.addEventListener("hashchange", onNavigate);
    onNavigate();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
