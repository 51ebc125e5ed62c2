// export.js: the Export tool of a simulator panel (site/export.templ), on model pages and in
// embed.html.
//
// Each button asks the simulator in the iframe for a file, window.solvable.export(kind) with
// kind "csv", "png" or "svg", which answers {filename, mime, data} (data is text, or base64 for
// PNG) or {error} with a sentence; the file is drawn by Go at the canvas's size, with the
// model, the permalink query and the date written into it. The file is downloaded through a
// Blob and an <a download>. Plain JavaScript, no dependencies.
"use strict";

(() => {
  const buttons = Array.from(document.querySelectorAll("[data-export]"));
  const iframe = document.getElementById("sim");
  const status = document.getElementById("export-status");
  if (!buttons.length || !iframe) return;

  function simulator() {
    try {
      const s = iframe.contentWindow && iframe.contentWindow.solvable;
      return (s && typeof s.export === "function") ? s : null;
    } catch (_) {
      return null; // a cross-origin frame (not expected here)
    }
  }

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  function bytesOf(base64) {
    const bin = atob(base64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function download(file) {
    const body = file.mime === "image/png" ? bytesOf(file.data) : file.data;
    const url = URL.createObjectURL(new Blob([body], { type: file.mime }));
    const a = document.createElement("a");
    a.href = url;
    a.download = file.filename;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // The download has started by now; the URL is kept a while for slow browsers.
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function exportAs(kind) {
    const sim = simulator();
    if (!sim) {
      say("The simulator is still loading; try again in a moment.", true);
      return;
    }
    let file;
    try {
      file = sim.export(kind);
    } catch (err) {
      say("The export failed: " + (err && err.message ? err.message : String(err)), true);
      return;
    }
    if (!file || file.error || typeof file.data !== "string") {
      say((file && file.error) || "The simulator gave no file to export.", true);
      return;
    }
    try {
      download(file);
    } catch (err) {
      say("The browser refused the download: " + (err && err.message ? err.message : String(err)), true);
      return;
    }
    say("Saved " + file.filename + ".", false);
  }

  for (const b of buttons) {
    b.addEventListener("click", () => exportAs(b.getAttribute("data-export")));
    b.disabled = false;
  }
})();
