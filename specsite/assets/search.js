// The search box: Pagefind's UI over the index written at build time.
// data-site-root is the page's relative link to the site root, so the index
// and the result links are found under any path prefix.
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var mount = box.querySelector(".site-search-ui");
  var root = new URL(box.getAttribute("data-site-root") || "./", location.href);

  // Browsers do not let a page loaded from file:// fetch the index files or
  // load Pagefind's module, so say so instead of offering a box that fails.
  function explainFileUrls() {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "site-search-offline";
    input.disabled = true;
    input.placeholder = "Search needs a web server";
    input.title = "Opened from a file, search cannot load its index. Serve the folder, " +
      "for example with: python3 -m http.server";
    input.setAttribute("aria-label", input.title);
    mount.appendChild(input);
  }

  function wordsOf(result) {
    return (result.raw_content || result.content || "").split(/\s+/);
  }

  function rowResult(result, row, words, next) {
    var end = Math.min(next, row.location + 24);
    var text = words.slice(row.location, end);
    var name = (text[0] || row.id).replace(/[.:,;]+$/, "");
    text[0] = "<mark>" + text[0] + "</mark>";
    return {
      title: name,
      url: result.url.split("#")[0] + "#" + encodeURIComponent(row.id),
      anchor: row,
      locations: [row.location],
      weighted_locations: [],
      excerpt: text.join(" ")
    };
  }

  // Pagefind splits a page's results at headings only. A hit on the first
  // word of a table row that has an id (a property's name in a spec table)
  // becomes a result of its own that links straight to that row.
  function pointAtRows(result) {
    if (!Array.isArray(result.sub_results) || !Array.isArray(result.anchors)) return result;
    var anchors = result.anchors.slice().sort(function (a, b) { return a.location - b.location; });
    var rows = {};
    anchors.forEach(function (a, i) {
      // Rows of spec tables, entries of member lists, and reference
      // parameters, whose ids are member paths (request.trackingId).
      if (a.id && (/^(tr|dt|li)$/i.test(a.element) || /^(request|response)\./.test(a.id))) {
        var next = i + 1 < anchors.length ? anchors[i + 1].location : Infinity;
        rows[a.location] = { anchor: a, next: next };
      }
    });
    var words = wordsOf(result);
    var found = {};
    var extra = [];
    result.sub_results.forEach(function (sub) {
      sub.locations = sub.locations.filter(function (location) {
        var row = rows[location];
        if (!row) return true;
        if (!found[row.anchor.id]) {
          found[row.anchor.id] = true;
          extra.push(rowResult(result, row.anchor, words, row.next));
        }
        return false;
      });
    });
    if (!extra.length) return result;
    var position = function (sub) { return sub.anchor ? sub.anchor.location : -1; };
    result.sub_results = result.sub_results
      .filter(function (sub) { return sub.locations.length; })
      .concat(extra)
      .sort(function (a, b) { return position(a) - position(b); });
    return result;
  }

  // Pagefind draws its input without a label (only a title); give it a real
  // one, a readable placeholder and an id the header's toggle can point at.
  function labelInput() {
    var input = mount.querySelector(".pagefind-ui__search-input");
    if (!input || input.id) return input;
    input.id = "site-search-input";
    input.placeholder = "Search the docs";
    input.removeAttribute("title");
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = input.id;
    label.textContent = "Search the documentation";
    input.parentNode.insertBefore(label, input);
    return input;
  }

  function resultLinks() {
    return Array.prototype.slice.call(box.querySelectorAll(".pagefind-ui__result-link"));
  }

  // On a phone the search is an icon; it opens a panel across the screen.
  var toggle = document.querySelector(".search-toggle");
  function setOpen(open) {
    box.classList.toggle("open", open);
    if (toggle) toggle.setAttribute("aria-expanded", String(open));
  }
  function focusSearch() {
    var input = labelInput();
    if (toggle && getComputedStyle(toggle).display !== "none") setOpen(true);
    if (input) { input.focus(); input.select(); }
  }

  function typingInAField(target) {
    return target && (/^(input|textarea|select)$/i.test(target.tagName) || target.isContentEditable);
  }

  // "/" and Ctrl+K (Cmd+K) jump to the search box; arrow keys walk the results.
  function setupKeys() {
    document.addEventListener("keydown", function (event) {
      var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typingInAField(event.target);
      var ctrlK = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k";
      if (slash || ctrlK) {
        event.preventDefault();
        focusSearch();
      }
    });
    box.addEventListener("keydown", function (event) {
      var links = resultLinks();
      var index = links.indexOf(document.activeElement);
      var input = labelInput();
      if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(index + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && index >= 0) {
        event.preventDefault();
        if (index === 0) input.focus();
        else links[index - 1].focus();
      } else if (event.key === "Escape") {
        if (index >= 0) input.focus();
        else if (box.classList.contains("open")) { setOpen(false); if (toggle) toggle.focus(); }
      }
    });
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        if (box.classList.contains("open")) setOpen(false);
        else focusSearch();
      });
    }
    // Tapping outside the open panel closes it.
    document.addEventListener("click", function (event) {
      if (!box.classList.contains("open")) return;
      if (box.contains(event.target) || (toggle && toggle.contains(event.target))) return;
      setOpen(false);
    });
  }

  if (location.protocol === "file:") {
    explainFileUrls();
    return;
  }
  if (typeof window.PagefindUI !== "function") {
    // The index was not built (for example by a preview server): no box at all.
    box.hidden = true;
    return;
  }
  new window.PagefindUI({
    element: mount,
    bundlePath: root.pathname + "pagefind/",
    baseUrl: root.pathname,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    processResult: pointAtRows
  });
  if (!labelInput()) {
    new MutationObserver(function (changes, observer) {
      if (labelInput()) observer.disconnect();
    }).observe(mount, { childList: true, subtree: true });
  }
  setupKeys();
})();
