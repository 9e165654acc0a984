// specsite default theme behaviour. The site works without it: it adds the
// colour-scheme switch, the phone navigation drawer, copy buttons on code
// blocks, and folder links that also open from file://.
(function () {
  "use strict";
  var root = document.documentElement;

  function storedTheme() {
    try { return localStorage.getItem("specsite-theme"); } catch (e) { return null; }
  }

  function currentTheme() {
    var chosen = root.dataset.theme;
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function setupThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var update = function () { button.setAttribute("aria-pressed", String(currentTheme() === "dark")); };
    update();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("specsite-theme", next); } catch (e) { /* private mode */ }
      update();
    });
  }

  // The menu button is a link to #sidebar so the drawer opens without
  // JavaScript (:target); with it, the drawer opens without touching the URL.
  function setupNavToggle() {
    var button = document.querySelector(".nav-toggle");
    var sidebar = document.getElementById("sidebar");
    var backdrop = document.querySelector(".nav-backdrop");
    if (!button || !sidebar) return;
    function isOpen() { return sidebar.classList.contains("open"); }
    function close() {
      sidebar.classList.remove("open");
      button.setAttribute("aria-expanded", "false");
    }
    function toggle(event) {
      event.preventDefault();
      var open = sidebar.classList.toggle("open");
      button.setAttribute("aria-expanded", String(open));
      if (open) {
        var current = sidebar.querySelector("[aria-current=page]") || sidebar.querySelector("a");
        if (current) current.focus();
      }
    }
    button.addEventListener("click", toggle);
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") toggle(event);  // a link acting as a button answers Space too
    });
    if (backdrop) backdrop.addEventListener("click", function (event) { event.preventDefault(); close(); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) { close(); button.focus(); }
    });
  }

  // A region that scrolls sideways must be reachable by keyboard (WCAG 2.1.1):
  // code blocks and table wrappers that overflow become focusable.
  function setupScrollRegions() {
    var selector = ".content pre, .content .table-wrap, .content table:not(.table-wrap > table)";
    function update() {
      document.querySelectorAll(selector).forEach(function (box) {
        var scrolls = box.scrollWidth > box.clientWidth + 1;
        if (scrolls && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.classList.add("scroll-hint");
          if (box.tagName !== "PRE" && !box.hasAttribute("aria-label")) {
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", "Table, scrolls sideways");
          }
        } else if (!scrolls && box.classList.contains("scroll-hint")) {
          box.removeAttribute("tabindex");
          box.classList.remove("scroll-hint");
          if (box.getAttribute("aria-label") === "Table, scrolls sideways") {
            box.removeAttribute("role");
            box.removeAttribute("aria-label");
          }
        }
      });
    }
    update();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(update, 150);
    });
  }

  function setupCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".content .highlight").forEach(function (block) {
      var pre = block.querySelector("pre");
      if (!pre || block.querySelector(".copy-button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.innerText).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
      block.appendChild(button);
    });
  }

  // Pretty URLs end in "/": a web server serves index.html there, a file://
  // browser shows a folder listing instead, so point folder links at the file.
  function fixFolderLinksForFileUrls() {
    if (location.protocol !== "file:") return;
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#" || href.indexOf("//") === 0) return;
      var cut = href.search(/[?#]/);
      var path = cut < 0 ? href : href.slice(0, cut);
      var rest = cut < 0 ? "" : href.slice(cut);
      if (path === "" ) return;
      if (path.charAt(path.length - 1) === "/") a.setAttribute("href", path + "index.html" + rest);
    });
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  ready(function () {
    setupThemeToggle();
    setupNavToggle();
    setupCopyButtons();
    setupScrollRegions();
    fixFolderLinksForFileUrls();
  });
})();
