package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"solvable/site"
)

// fakeSite is the built site as site/gen and build.sh would leave it, with the real pages and
// assets but a small made-up wasm binary.
func fakeSite(t *testing.T) (fstest.MapFS, []byte) {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, p := range site.Pages() {
		var b bytes.Buffer
		if err := p.Component.Render(context.Background(), &b); err != nil {
			t.Fatalf("render %s: %v", p.File, err)
		}
		fsys[p.File] = &fstest.MapFile{Data: b.Bytes()}
	}
	assets, err := os.ReadDir("../../assets")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range assets {
		b, err := os.ReadFile(filepath.Join("../../assets", a.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys["assets/"+a.Name()] = &fstest.MapFile{Data: b}
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	wasmExecJS, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	fsys[wasmExec] = &fstest.MapFile{Data: wasmExecJS}
	wasm := make([]byte, 64<<10)
	rand.Read(wasm[:32<<10]) // half noise, half zeros: something for gzip to do
	fsys[wasmRaw] = &fstest.MapFile{Data: wasm}
	return fsys, wasm
}

func build(t *testing.T, fsys fstest.MapFS) (string, *xhtml.Node) {
	t.Helper()
	out, err := Build(fsys)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	doc, err := xhtml.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return string(out), doc
}

// siteModels are the models of the site's simulator pages, read from their iframes.
func siteModels(t *testing.T, fsys fstest.MapFS) map[string]string {
	t.Helper()
	models := map[string]string{}
	for name, f := range fsys {
		if !strings.HasSuffix(name, ".html") || skipPages[name] {
			continue
		}
		doc, err := xhtml.Parse(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		if fr := findFirst(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Iframe }); fr != nil {
			u, _ := url.Parse(getAttr(fr, "src"))
			models[u.Query().Get("model")] = name
		}
	}
	return models
}

func TestEveryPageIsInTheFile(t *testing.T) {
	fsys, _ := fakeSite(t)
	_, doc := build(t, fsys)
	tpls := findAll(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Template && getAttr(n, "data-file") != "" })
	got := map[string]*xhtml.Node{}
	homes := 0
	for _, tp := range tpls {
		if _, ok := attrOK(tp, "data-home"); ok {
			homes++
			if getAttr(tp, "data-file") != "index.html" {
				t.Errorf("the home template is %s", getAttr(tp, "data-file"))
			}
			continue
		}
		got[getAttr(tp, "data-model")] = tp
	}
	if homes != 1 {
		t.Errorf("%d home templates, want 1", homes)
	}
	want := siteModels(t, fsys)
	for _, m := range []string{"sinkhorn", "ot2x2", "otsweep", "otcloud", "dln", "ntk", "curves", "continual"} {
		if _, ok := want[m]; !ok {
			t.Errorf("the site has no page for model %s (the test's list is out of date?)", m)
		}
	}
	for m, file := range want {
		tp, ok := got[m]
		if !ok {
			t.Errorf("no template for model %s (%s)", m, file)
			continue
		}
		if f := getAttr(tp, "data-file"); f != file {
			t.Errorf("model %s: template of %s, want %s", m, f, file)
		}
		if getAttr(tp, "data-title") == "" {
			t.Errorf("model %s: no title", m)
		}
		if s := getAttr(tp, "data-scripts"); s != strings.Join(site.SimPageScripts(), " ") {
			t.Errorf("model %s: scripts %q, want %q", m, s, strings.Join(site.SimPageScripts(), " "))
		}
		frames := findAll(tp, func(n *xhtml.Node) bool { return n.DataAtom == atom.Iframe })
		if len(frames) != 1 || getAttr(frames[0], "id") != "sim" {
			t.Errorf("model %s: want one iframe#sim, got %d", m, len(frames))
			continue
		}
		if _, ok := attrOK(frames[0], "data-offline"); !ok {
			t.Errorf("model %s: the frame is not marked data-offline", m)
		}
		if src := getAttr(frames[0], "src"); src != "about:blank?model="+m {
			t.Errorf("model %s: frame src %q", m, src)
		}
		if findFirst(tp, func(n *xhtml.Node) bool { return getAttr(n, "id") == "controls" }) == nil {
			t.Errorf("model %s: no #controls", m)
		}
		if !strings.Contains(textOf(tp), FooterNote) {
			t.Errorf("model %s: the footer does not say this is the offline copy", m)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d model templates, want %d", len(got), len(want))
	}
}

var jsComment = regexp.MustCompile(`^\s*(//|\*|/\*)`)

// TestNothingLeavesTheFile: no attribute loads or links another file or host, the only
// executable script is offline.js, no stylesheet is linked, and no inlined code asks the
// network for anything.
func TestNothingLeavesTheFile(t *testing.T) {
	fsys, _ := fakeSite(t)
	out, doc := build(t, fsys)
	executable := 0
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			v := strings.TrimSpace(a.Val)
			switch {
			case a.Key == "href" && n.DataAtom == atom.A, a.Key == "action" && n.DataAtom == atom.Form:
				if !strings.HasPrefix(v, "?") && !strings.HasPrefix(v, "#") {
					t.Errorf("<a href=%q> leaves the file", v)
				}
			case a.Key == "href" && n.DataAtom == atom.Link:
				if !strings.HasPrefix(v, "data:") {
					t.Errorf("<link href=%q> loads another file", v)
				}
			case a.Key == "src" || a.Key == "href" || resourceAttrs[a.Key]:
				if !inert(v) {
					t.Errorf("<%s %s=%q> loads another file", n.Data, a.Key, v)
				}
			}
			if strings.Contains(strings.ToLower(v), "http:") || strings.Contains(strings.ToLower(v), "https:") {
				t.Errorf("<%s %s=%q> names the web", n.Data, a.Key, v)
			}
		}
		if n.DataAtom == atom.Link && slices.Contains(strings.Fields(getAttr(n, "rel")), "stylesheet") {
			t.Errorf("a linked stylesheet: %s", getAttr(n, "href"))
		}
		if n.DataAtom == atom.Script {
			if _, ok := attrOK(n, "type"); !ok {
				executable++
			}
			code := textOf(n)
			for _, bad := range []string{"fetch(", "XMLHttpRequest", "import(", "WebSocket", "EventSource", "sendBeacon", "importScripts"} {
				if strings.Contains(code, bad) {
					t.Errorf("script %q uses %s", getAttr(n, "data-file"), bad)
				}
			}
		}
	}
	if executable != 1 {
		t.Errorf("%d executable <script> elements, want 1 (offline.js)", executable)
	}
	// A web address may appear in a comment of an inlined script, never elsewhere.
	for i, line := range strings.Split(out, "\n") {
		if (strings.Contains(line, "http://") || strings.Contains(line, "https://")) && !jsComment.MatchString(line) {
			t.Errorf("line %d names the web outside a comment: %.200s", i+1, line)
		}
	}
	if !strings.Contains(out, `<style>`) || !strings.Contains(out, ".site-header") || !strings.Contains(out, ".offline-banner") {
		t.Error("style.css and offline.css are not inlined")
	}
}

// TestWasmRoundTrip: one script holds the wasm, and it decodes and unpacks to solvable.wasm,
// both from build.sh's solvable.wasm.gz and when Build has to compress it itself.
func TestWasmRoundTrip(t *testing.T) {
	for _, withGz := range []bool{true, false} {
		fsys, wasm := fakeSite(t)
		if withGz {
			gz, _, err := readWasm(fsys) // gzips solvable.wasm, as gzip -9 would
			if err != nil {
				t.Fatal(err)
			}
			fsys[wasmGz] = &fstest.MapFile{Data: gz}
		}
		_, doc := build(t, fsys)
		holders := findAll(doc, func(n *xhtml.Node) bool {
			return n.DataAtom == atom.Script && strings.HasPrefix(getAttr(n, "type"), "application/octet-stream")
		})
		if len(holders) != 1 || getAttr(holders[0], "id") != "solvable-wasm" {
			t.Fatalf("gz=%v: %d wasm scripts, want one #solvable-wasm", withGz, len(holders))
		}
		gz, err := base64.StdEncoding.DecodeString(strings.TrimSpace(textOf(holders[0])))
		if err != nil {
			t.Fatalf("gz=%v: base64: %v", withGz, err)
		}
		got, err := gunzip(gz)
		if err != nil {
			t.Fatalf("gz=%v: gunzip: %v", withGz, err)
		}
		if !bytes.Equal(got, wasm) {
			t.Errorf("gz=%v: the file's wasm differs from solvable.wasm (%d vs %d bytes)", withGz, len(got), len(wasm))
		}
	}
}

// TestTheFileRunsItsScripts: offline.js is the file's script, the page scripts, wasm_exec.js
// and sim.css are held as text for it, and the simulator's page has its loading overlay.
func TestTheFileRunsItsScripts(t *testing.T) {
	fsys, _ := fakeSite(t)
	out, doc := build(t, fsys)
	files := map[string]string{}
	for _, n := range findAll(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Script }) {
		if f := getAttr(n, "data-file"); f != "" {
			files[f] = textOf(n)
		}
	}
	for _, f := range append([]string{wasmExec}, site.SimPageScripts()...) {
		want := string(fsys[f].Data)
		if got, ok := files[f]; !ok || strings.TrimSpace(got) != strings.TrimSpace(want) {
			t.Errorf("%s is not held verbatim (present: %v)", f, ok)
		}
	}
	last := findAll(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Script })
	if boot := textOf(last[len(last)-1]); strings.TrimSpace(boot) != strings.TrimSpace(string(fsys[offlineJS].Data)) {
		t.Error("the last script is not offline.js")
	}
	simPage := findFirst(doc, func(n *xhtml.Node) bool { return getAttr(n, "id") == "solvable-sim-page" })
	if simPage == nil || findFirst(simPage, func(n *xhtml.Node) bool { return getAttr(n, "id") == "sim-status" }) == nil {
		t.Error("no simulator page with #sim-status")
	}
	if simPage != nil && findFirst(simPage, func(n *xhtml.Node) bool { return n.DataAtom == atom.Script }) != nil {
		t.Error("the simulator page keeps sim.html's scripts")
	}
	css := findFirst(doc, func(n *xhtml.Node) bool { return getAttr(n, "id") == "solvable-sim-css" })
	if css == nil || !strings.Contains(textOf(css), ".sim-status") {
		t.Error("sim.css is not held for the frame")
	}
	if note := findFirst(doc, func(n *xhtml.Node) bool { return getAttr(n, "id") == "solvable-boot-note" }); note == nil || textOf(note) != BootNote {
		t.Error("no sentence for a browser that does not run the file's script")
	}
	if !strings.Contains(out, `<link rel="icon" href="data:image/svg+xml;base64,`) {
		t.Error("the icon is not inlined")
	}
}

func TestPageLink(t *testing.T) {
	byFile := map[string]*page{
		"index.html":    {file: "index.html"},
		"sinkhorn.html": {file: "sinkhorn.html", model: "sinkhorn"},
		"geometry.html": {file: "geometry.html", model: "ot2x2"},
		"about.html":    {file: "about.html"},
	}
	for _, c := range []struct{ in, want string }{
		{"#main", "#main"},
		{"index.html", "?"},
		{"sinkhorn.html", "?model=sinkhorn"},
		{"geometry.html?preset=sharp", "?model=ot2x2&preset=sharp"},
		{"geometry.html?preset=sharp#why", "?model=ot2x2&preset=sharp#why"},
		{"./sinkhorn.html#refs", "?model=sinkhorn#refs"},
		{"about.html", "?page=about"},
		{"mailto:someone@example.org", "mailto:someone@example.org"},
	} {
		got, err := pageLink(c.in, byFile)
		if err != nil || got != c.want {
			t.Errorf("pageLink(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"https://example.org/", "//example.org/x", "embed.html", "dist/x.html", "sim.html?model=dln"} {
		if got, err := pageLink(bad, byFile); err == nil {
			t.Errorf("pageLink(%q) = %q, want an error", bad, got)
		}
	}
}

// TestBuildRefuses: a page that would load or link outside the file stops the build, in words.
func TestBuildRefuses(t *testing.T) {
	for name, body := range map[string]string{
		"an image from the web": `<img src="https://example.org/a.png">`,
		"an image file":         `<img src="assets/a.png">`,
		"a link to the web":     `<a href="https://example.org/">x</a>`,
		"a missing page":        `<a href="nowhere.html">x</a>`,
		"a script in the body":  `<script>1</script>`,
		"a second frame":        `<iframe src="https://example.org/"></iframe>`,
		"a url() in a style":    `<p style="background: url(a.png)">x</p>`,
	} {
		fsys, _ := fakeSite(t)
		fsys["extra.html"] = &fstest.MapFile{Data: []byte(`<!doctype html><html><head><title>x</title></head><body>` +
			body + `<footer><div class="wrap"></div></footer></body></html>`)}
		if _, err := Build(fsys); err == nil {
			t.Errorf("%s: Build succeeded", name)
		} else if !strings.Contains(err.Error(), "extra.html") {
			t.Errorf("%s: the error does not name the page: %v", name, err)
		}
	}
	fsys, _ := fakeSite(t)
	fsys["assets/offline.js"] = &fstest.MapFile{Data: []byte("const s = '</script>';\n")}
	if _, err := Build(fsys); err == nil || !strings.Contains(err.Error(), "offline.js") {
		t.Errorf("a script holding </script>: %v", err)
	}
}

func TestCheckGzip(t *testing.T) {
	fsys, _ := fakeSite(t)
	if err := checkGzip(fsys); err != nil {
		t.Errorf("no archive: %v", err)
	}
	gz, _, _ := readWasm(fsys)
	fsys[wasmGz] = &fstest.MapFile{Data: gz}
	if err := checkGzip(fsys); err != nil {
		t.Errorf("a fresh archive: %v", err)
	}
	fsys[wasmRaw] = &fstest.MapFile{Data: []byte("\x00asm newer")}
	if err := checkGzip(fsys); err == nil {
		t.Error("a stale archive passed")
	}
}

func attrOK(n *xhtml.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
