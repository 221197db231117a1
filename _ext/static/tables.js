// A table wider than its column scrolls sideways inside its own box, and a phone shows no
// scrollbar there: while a table is wider than its box, a line above it says so, the edge that
// has more columns beyond it fades out, and its caption keeps to the part in view.
(() => {
  const HINT = "This table is wider than the screen: swipe or scroll it sideways to see every column.";

  function edges(box) {
    const more = box.scrollWidth - box.clientWidth;
    box.classList.toggle("more-left", more > 1 && box.scrollLeft > 1);
    box.classList.toggle("more-right", more > 1 && box.scrollLeft < more - 1);
  }

  function mark() {
    for (const box of document.querySelectorAll(".pst-scrollable-table-container")) {
      const wide = box.scrollWidth > box.clientWidth + 1;
      let hint = box.previousElementSibling;
      if (!(hint && hint.classList.contains("table-scroll-hint"))) {
        if (!wide) continue;
        hint = document.createElement("p");
        hint.className = "table-scroll-hint";
        hint.textContent = HINT;
        box.before(hint);
        box.addEventListener("scroll", () => edges(box), { passive: true });
      }
      hint.hidden = !wide;
      // the caption as wide as the box, not the table, so that none of it is out of view
      box.style.setProperty("--table-box-width", wide ? `${box.clientWidth}px` : "none");
      edges(box);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("resize", mark);
})();
