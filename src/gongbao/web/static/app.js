// Small niceties; every page works without this file.
(function () {
  // "/" focuses the search box (unless typing somewhere already)
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || /^(input|textarea|select)$/i.test(document.activeElement.tagName)) return;
    var box = document.querySelector(".big-search input[type=search], .top-search input");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
  // on narrow screens, the facet panel starts folded so results come first
  if (window.matchMedia && window.matchMedia("(max-width: 859px)").matches) {
    document.querySelectorAll("details.facet-box").forEach(function (d) { d.removeAttribute("open"); });
  }
})();
