// The Eleventy 3 side of bench/bench_eleventy.py: the same pages as the specsite
// side, rendered with equivalent work (Nunjucks, markdown-it with heading anchors,
// Prism highlighting through the official plugin, a layout with a sidebar).
const markdownIt = require("markdown-it");
const markdownItAnchor = require("markdown-it-anchor");
const syntaxHighlight = require("@11ty/eleventy-plugin-syntaxhighlight");
const specs = require("./src/_data/specs.json");

const inline = markdownIt({ html: true });

// The sidebar: every top-level folder once, with its pages for the current one.
function sections(api) {
  const byName = new Map();
  for (const item of api.getAll()) {
    const parts = item.url.split("/").filter(Boolean);
    const name = parts.length > 1 ? parts[0] : "";
    if (!byName.has(name)) byName.set(name, { name, title: name || "Home", pages: [] });
    byName.get(name).pages.push({ url: item.url, title: item.data.title });
  }
  const list = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const section of list) section.pages.sort((a, b) => a.url.localeCompare(b.url));
  return list;
}

module.exports = function (eleventyConfig) {
  eleventyConfig.addPlugin(syntaxHighlight);
  eleventyConfig.amendLibrary("md", (md) => md.use(markdownItAnchor, { permalink: markdownItAnchor.permalink.linkInsideHeader({ symbol: "#", placement: "after" }) }));
  eleventyConfig.addFilter("markdown", (text) => inline.renderInline(String(text)));
  // Macros imported without context see only globals, so the spec model is one too.
  eleventyConfig.addNunjucksGlobal("specs", specs);
  eleventyConfig.addGlobalData("layout", "layout.njk");
  eleventyConfig.addCollection("sections", sections);
  return {
    markdownTemplateEngine: "njk",
    htmlTemplateEngine: "njk",
    dir: { input: "src", includes: "_includes", data: "_data", output: "_site" },
  };
};
