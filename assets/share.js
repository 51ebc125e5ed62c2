// share.js: the Share tool of a simulator panel (site/share.templ), on model pages and in
// embed.html.
//
// The Share button opens a modal <dialog> with two things to copy, both built when it opens from
// the simulator's state().params, so they reproduce exactly what is on screen (every parameter,
// the seed and the speed, and whatever the visitor dragged in the canvas):
//
//   the link        the model's page with those parameters as its query
//   the embed code  <iframe src=".../embed.html?model=...&..."> for a course page
//
// In embed.html, assets/embed.js names the model's page and the embed's own options (hide, lang)
// on <html>: data-solvable-page="sinkhorn.html", data-solvable-embed-query="hide=run". The
// link then points at the full page and the embed code keeps those options.
//
// Copy uses navigator.clipboard where the browser allows it, and otherwise selects the text
// and says how to copy it. Plain JavaScript, no dependencies.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const openBtn = $("share-open");
  const dialog = $("share-dialog");
  const iframe = $("sim");
  if (!openBtn || !dialog || !iframe) return;

  const linkBox = $("share-link");
  const embedBox = $("share-embed");
  const status = $("share-status");
  const EMBED_WIDTH = "100%"; // the embed reflows down to 320 px, so it can take the column
  const EMBED_HEIGHT = "600";

  // The commas of a list read better bare; a comma needs no escaping in a query.
  const queryString = (q) => q.toString().replace(/%2C/gi, ",");

  function simulator() {
    try {
      const s = iframe.contentWindow && iframe.contentWindow.solvable;
      return (s && typeof s.state === "function") ? s : null;
    } catch (_) {
      return null;
    }
  }

  function modelOfFrame() {
    const q = new URLSearchParams((iframe.getAttribute("src") || "").split("?")[1] || "");
    return q.get("model") || "";
  }

  // The parameters on screen: state().params when the simulator runs, else the page's query
  // (which is what the simulator will start from).
  function current() {
    const sim = simulator();
    let model = modelOfFrame();
    const params = new URLSearchParams();
    let st = null;
    if (sim) {
      try { st = sim.state({ plan: false }); } catch (err) { console.error("solvable.state:", err); }
    }
    if (st && st.params && typeof st.params === "object") {
      if (typeof st.model === "string" && st.model) model = st.model;
      for (const [k, v] of Object.entries(st.params)) {
        if (k !== "model" && typeof v === "string" && v !== "") params.set(k, v);
      }
    } else {
      const own = new URLSearchParams(location.search);
      for (const k of ["model", "hide", "lang"]) own.delete(k);
      for (const [k, v] of own) params.set(k, v);
    }
    return { model, params };
  }

  // The folder the site's pages live in: page.html and embed.html sit side by side.
  function siteBase() {
    const here = location.href.split(/[?#]/)[0];
    return here.slice(0, here.lastIndexOf("/") + 1);
  }

  function pageFile() {
    const named = document.documentElement.dataset.solvablePage;
    if (named) return named;
    const here = location.pathname;
    return here.slice(here.lastIndexOf("/") + 1) || "index.html";
  }

  // In the offline file (one HTML file, assets/offline.js) every page is that file with
  // ?model=, and there is no embed.html to point an iframe at.
  const offline = iframe.hasAttribute("data-offline");

  function links() {
    const { model, params } = current();
    if (offline) {
      const q = new URLSearchParams();
      q.set("model", model || new URLSearchParams(location.search).get("model") || "");
      for (const [k, v] of params) q.set(k, v);
      return { link: siteBase() + pageFile() + "?" + queryString(q), snippet: "" };
    }
    const q = queryString(params);
    const link = siteBase() + pageFile() + (q ? "?" + q : "");
    const embedQ = new URLSearchParams();
    embedQ.set("model", model);
    for (const [k, v] of params) embedQ.set(k, v);
    for (const [k, v] of new URLSearchParams(document.documentElement.dataset.solvableEmbedQuery || "")) embedQ.set(k, v);
    const src = siteBase() + "embed.html?" + queryString(embedQ);
    const title = (iframe.getAttribute("title") || "Simulator") + " (Solvable)";
    const snippet = `<iframe src="${attr(src)}" width="${EMBED_WIDTH}" height="${EMBED_HEIGHT}" title="${attr(title)}" ` +
      `style="border: 0" loading="lazy" allow="clipboard-write"></iframe>`;
    return { link, snippet };
  }

  function attr(s) {
    return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  let returnTo = null;
  if (offline) {
    const field = $("share-embed-field");
    const note = $("share-offline");
    if (field) field.hidden = true;
    if (note) note.hidden = false;
  }

  function open() {
    const { link, snippet } = links();
    linkBox.value = link;
    embedBox.value = snippet;
    status.textContent = "";
    returnTo = document.activeElement;
    if (typeof dialog.showModal === "function") dialog.showModal(); else dialog.setAttribute("open", "");
    linkBox.focus();
    linkBox.select();
  }

  function close() {
    if (typeof dialog.close === "function" && dialog.open) dialog.close();
    else dialog.removeAttribute("open");
  }

  openBtn.addEventListener("click", open);
  openBtn.disabled = false;
  for (const b of dialog.querySelectorAll("[data-share-close]")) b.addEventListener("click", close);
  // Escape closes a modal dialog by itself (the cancel event); focus goes back either way.
  dialog.addEventListener("close", () => {
    const back = (returnTo && returnTo.isConnected) ? returnTo : openBtn;
    returnTo = null;
    back.focus();
  });
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (ev) => {
    if (ev.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom;
    if (!inside) close();
  });
  // The page's keys (Space, ".", R) drive the simulator; not while the dialog is open.
  dialog.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape") ev.stopPropagation();
  });

  function selectAll(box) {
    box.focus();
    box.select();
    box.setSelectionRange(0, box.value.length);
  }

  async function copy(box) {
    selectAll(box);
    const what = box === linkBox ? "The link" : "The embed code";
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      try {
        await navigator.clipboard.writeText(box.value);
        status.textContent = what + " is copied.";
        return;
      } catch (_) {
        // Not allowed here (an iframe without clipboard-write, an insecure page): select instead.
      }
    }
    status.textContent = what + " is selected: press Ctrl+C (⌘C on a Mac) to copy it.";
  }

  for (const b of dialog.querySelectorAll("[data-copy]")) {
    const box = $(b.dataset.copy);
    if (box) b.addEventListener("click", () => copy(box));
  }
})();
