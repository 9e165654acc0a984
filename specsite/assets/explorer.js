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
  }

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
    var row = cut < 0 ? null : this.row(wanted.slice(cut + 1));
    this.root.querySelectorAll("tr.ee-target").forEach(function (r) { r.classList.remove("ee-target"); });
    if (row) row.classList.add("ee-target");
    if (scroll) (row || this.root).scrollIntoView({ block: row ? "center" : "start" });
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
