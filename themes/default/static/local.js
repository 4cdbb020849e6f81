// Opened from disk (file://), a link to a folder shows a file listing instead of its page: point
// such links at the folder's index.html. On a web server this script changes nothing.
if (location.protocol === "file:") {
  for (const link of document.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href)) continue; // other sites, or this page
    const cut = href.search(/[?#]/);
    const path = cut < 0 ? href : href.slice(0, cut);
    const rest = cut < 0 ? "" : href.slice(cut);
    if (path === "" || path.endsWith("/")) link.setAttribute("href", `${path}index.html${rest}`);
  }
}
