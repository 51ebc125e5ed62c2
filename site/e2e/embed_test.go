//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// embedModelNames are the simulators embed.html offers (the model URL parameter, as for sim.html).
var embedModelNames = []string{"sinkhorn", "ot2x2", "otsweep", "otcloud", "dln"}

// openEmbed opens embed.html?query in a w x h tab and waits for its simulator.
func openEmbed(t *testing.T, query string, w, h int64) *page {
	t.Helper()
	p := openPage(t, "/embed.html?"+query, w, h)
	p.win = iframeWin
	p.waitReady()
	return p
}

// TestEmbedLoads opens the embed of every model: its panel is there, with no site chrome, and
// the page has no console error (openPage fails the test on one).
func TestEmbedLoads(t *testing.T) {
	for _, m := range embedModelNames {
		t.Run(m, func(t *testing.T) {
			p := openEmbed(t, "model="+m+"&speed=max", 1000, 700)
			waitState(t, p, "s.model === "+embedJSString(m), loadTimeout)
			got := eval[map[string]any](t, p, `(() => ({
				chrome: document.querySelectorAll("header, nav, footer, article").length,
				controls: !!document.getElementById("controls"),
				readouts: !!document.querySelector(".readouts"),
				share: !!document.getElementById("share-open"),
				notices: document.getElementById("embed-notices").textContent,
				open: document.getElementById("embed-open").getAttribute("href"),
				frameH: document.getElementById("sim").getBoundingClientRect().height,
				docH: document.documentElement.scrollHeight,
			}))()`)
			if got["chrome"].(float64) != 0 {
				t.Errorf("the embed has %v header/nav/footer/article elements, want none", got["chrome"])
			}
			for _, k := range []string{"controls", "readouts", "share"} {
				if got[k] != true {
					t.Errorf("the embed of %s has no %s", m, k)
				}
			}
			if got["notices"] != "" {
				t.Errorf("unexpected notice: %q", got["notices"])
			}
			// Side by side at 1000 x 700: the simulator takes the height and the page does not scroll.
			if h := got["frameH"].(float64); h < 550 {
				t.Errorf("the simulator is %v px high in a 700 px frame", h)
			}
			if h := got["docH"].(float64); h > 700 {
				t.Errorf("the embed is %v px high in a 700 px frame: it should fit, with the controls scrolling", h)
			}
			if !strings.Contains(got["open"].(string), ".html") {
				t.Errorf("Open in Solvable links to %q", got["open"])
			}
		})
	}
}

// TestEmbedHide checks that hide=lambda,run hides exactly the lambda field and the run
// buttons (and their keys hint), nothing else.
func TestEmbedHide(t *testing.T) {
	p := openEmbed(t, "model=otsweep&hide=lambda,run&paused=1", 1000, 700)
	got := eval[map[string]any](t, p, `(() => {
		const vis = (el) => !!el && el.getClientRects().length > 0;
		const fields = {};
		for (const f of document.querySelectorAll(".field[data-param]")) fields[f.dataset.param] = vis(f);
		return {
			fields,
			run: vis(document.querySelector(".button-row")),
			keys: vis(document.getElementById("keys-hint")),
			tools: vis(document.querySelector(".tool-row")),
			readouts: vis(document.querySelector(".readouts")),
			frame: vis(document.getElementById("sim")),
			notices: document.getElementById("embed-notices").textContent,
		};
	})()`)
	fields := got["fields"].(map[string]any)
	if len(fields) < 5 {
		t.Fatalf("only %d fields: %v", len(fields), fields)
	}
	for name, v := range fields {
		if want := name != "lambda"; v != want {
			t.Errorf("field %s visible = %v, want %v", name, v, want)
		}
	}
	for k, want := range map[string]bool{"run": false, "keys": false, "tools": true, "readouts": true, "frame": true} {
		if got[k] != want {
			t.Errorf("%s visible = %v, want %v", k, got[k], want)
		}
	}
	if got["notices"] != "" {
		t.Errorf("unexpected notice: %q", got["notices"])
	}
	// page.js keeps the address in step with the controls; the embed's address keeps its model.
	search := eval[string](t, p, `history.replaceState(history.state, "", "?lambda=1&hide=lambda,run"), location.search`)
	if !strings.HasPrefix(search, "?model=otsweep&") {
		t.Errorf("after page.js rewrites the address it is %q: the model is lost", search)
	}
	// Hiding the fields of one row gives the other the whole row.
	single := eval[bool](t, p, `document.querySelector('.field[data-param="points"]').closest(".field-pair").classList.contains("is-single")`)
	if !single {
		t.Errorf("the points field does not take the row left by the hidden lambda")
	}
}

// TestEmbedSentences checks the sentences for an unknown hide name, a language other than
// English and an unknown model.
func TestEmbedSentences(t *testing.T) {
	p := openEmbed(t, "model=sinkhorn&hide=lambda,bogus&lang=ja&paused=1", 800, 600)
	notes := eval[string](t, p, `document.getElementById("embed-notices").textContent`)
	for _, want := range []string{"“bogus”", "not hidden", "lambda", "English", "lang=ja"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notices %q do not say %q", notes, want)
		}
	}
	if eval[bool](t, p, `document.querySelector('.field[data-param="lambda"]').getClientRects().length > 0`) {
		t.Errorf("lambda is not hidden next to an unknown name")
	}

	q := openPage(t, "/embed.html?model=nope", 800, 600)
	text := eval[string](t, q, `document.getElementById("embed-missing").textContent`)
	for _, want := range append([]string{"“nope”"}, embedModelNames...) {
		if !strings.Contains(text, want) {
			t.Errorf("the sentence for an unknown model %q does not name %q", text, want)
		}
	}
	if eval[int](t, q, `document.querySelectorAll("#sim").length`) != 0 {
		t.Errorf("an unknown model still got a simulator")
	}
}

// embedParentPage is a course page on another origin that embeds src and records every message
// from the embed in window.received.
const embedParentPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A course page</title></head>
<body>
<h1>A course page on another site</h1>
<iframe id="embed" src="%[1]s" width="900" height="600" title="Sinkhorn"></iframe>
<script>
window.received = [];
const frame = document.getElementById("embed");
window.addEventListener("message", (ev) => {
	if (ev.source !== frame.contentWindow) return;
	window.received.push({origin: ev.origin, data: ev.data});
});
window.send = (msg) => frame.contentWindow.postMessage(msg, %[2]q);
</script>
</body></html>`

// TestEmbedPostMessage drives an embed from a page served by a second loopback server (so
// another origin): ready, set, state, step, play, pause, and errors for bad input.
func TestEmbedPostMessage(t *testing.T) {
	browser(t) // skips without a built site
	embedURL := server.URL + "/embed.html?model=sinkhorn&paused=1"
	parent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, embedParentPage, embedURL, server.URL)
	}))
	defer parent.Close()
	if parent.URL == server.URL {
		t.Fatal("the two servers share an origin")
	}

	p := openEmbedParent(t, parent.URL+"/", 1000, 700)
	ready := waitEmbedMessage(t, p, `m.data.type === "solvable:ready"`)
	if ready.Data["model"] != "sinkhorn" {
		t.Errorf("ready names model %v, want sinkhorn", ready.Data["model"])
	}
	if ready.Origin != server.URL {
		t.Errorf("ready comes from %q, want the embed's origin %q", ready.Origin, server.URL)
	}

	ask := func(id, msg string) map[string]any {
		t.Helper()
		eval[any](t, p, `send(`+msg+`), null`)
		return waitEmbedMessage(t, p, `m.data.id === `+embedJSString(id)).Data
	}
	stateOf := func(reply map[string]any) map[string]any {
		t.Helper()
		if reply["type"] != "solvable:state" {
			t.Fatalf("reply %v, want solvable:state", reply)
		}
		return reply["state"].(map[string]any)
	}

	st := stateOf(ask("set", `{type: "solvable:set", params: {lambda: 0.05}, id: "set"}`))
	if got := st["params"].(map[string]any)["lambda"]; got != "0.05" {
		t.Errorf("after set lambda 0.05, state().params.lambda = %v", got)
	}
	st = stateOf(ask("state", `{type: "solvable:state", id: "state"}`))
	if got := st["params"].(map[string]any)["lambda"]; got != "0.05" {
		t.Errorf("state().params.lambda = %v, want 0.05", got)
	}
	if st["playing"] != false {
		t.Errorf("paused=1 embed is playing")
	}
	before := st["projections"].(float64)
	st = stateOf(ask("step", `{type: "solvable:step", n: 3, id: "step"}`))
	if got := st["projections"].(float64); got != before+3 {
		t.Errorf("after step 3: %v projections, want %v", got, before+3)
	}
	if st := stateOf(ask("play", `{type: "solvable:play", id: "play"}`)); st["playing"] != true {
		t.Errorf("after play, playing = %v", st["playing"])
	}
	if st := stateOf(ask("pause", `{type: "solvable:pause", id: "pause"}`)); st["playing"] != false {
		t.Errorf("after pause, playing = %v", st["playing"])
	}
	if st := stateOf(ask("reset", `{type: "solvable:reset", id: "reset"}`)); st["projections"].(float64) != 0 {
		t.Errorf("after reset, %v projections", st["projections"])
	}
	withPlan := stateOf(ask("plan", `{type: "solvable:state", plan: true, id: "plan"}`))
	if _, ok := withPlan["plan"]; !ok {
		t.Errorf("state with plan: true has no plan (keys %v)", embedKeysOf(withPlan))
	}

	for _, c := range []struct{ id, msg, param string }{
		{"neg", `{type: "solvable:set", params: {lambda: -1}, id: "neg"}`, "lambda"},
		{"abc", `{type: "solvable:set", params: {lambda: "abc"}, id: "abc"}`, "lambda"},
		{"bogus", `{type: "solvable:set", params: {bogus: 1}, id: "bogus"}`, "bogus"},
		{"noparams", `{type: "solvable:set", id: "noparams"}`, ""},
		{"n0", `{type: "solvable:step", n: 0, id: "n0"}`, "n"},
		{"nfrac", `{type: "solvable:step", n: 1.5, id: "nfrac"}`, "n"},
		{"planbad", `{type: "solvable:state", plan: "yes", id: "planbad"}`, "plan"},
		{"type", `{type: "solvable:jump", id: "type"}`, ""},
	} {
		r := ask(c.id, c.msg)
		if r["type"] != "solvable:error" || r["param"] != c.param || r["error"] == "" {
			t.Errorf("%s: reply %v, want solvable:error about %q with a sentence", c.msg, r, c.param)
		}
	}
	// Messages of other kinds are ignored: no reply without an id beyond ready.
	eval[any](t, p, `send({type: "other", id: "other"}), send("solvable:state"), null`)
	ask("last", `{type: "solvable:state", id: "last"}`)
	n := eval[int](t, p, `window.received.filter((m) => !m.data || m.data.id === undefined || m.data.id === "other").length`)
	if n != 1 {
		t.Errorf("%d messages without an id (or answering an ignored message), want 1 (ready)", n)
	}
	for _, origin := range eval[[]string](t, p, `window.received.map((m) => m.origin)`) {
		if origin != server.URL {
			t.Errorf("a reply from %q", origin)
		}
	}
}

// embedMessage is one postMessage the parent page received.
type embedMessage struct {
	Origin string         `json:"origin"`
	Data   map[string]any `json:"data"`
}

// waitEmbedMessage waits until the parent page has received a message m for which cond holds.
func waitEmbedMessage(t *testing.T, p *page, cond string) embedMessage {
	t.Helper()
	v, err := p.poll(`(() => { const m = (window.received || []).find((m) => m.data && typeof m.data === "object" && (`+cond+`)); return m ? {m: JSON.stringify(m)} : null; })()`, loadTimeout)
	if err != nil {
		t.Fatalf("waiting for a message with %s: %v\nreceived: %s", cond, err, eval[string](t, p, `JSON.stringify(window.received, (k, v) => Array.isArray(v) && v.length > 8 ? "[array]" : v)`))
	}
	var m embedMessage
	if err := json.Unmarshal([]byte(v["m"].(string)), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// openEmbedParent is openPage for a full URL on any server (the parent page's).
func openEmbedParent(t *testing.T, full string, width, height int64) *page {
	t.Helper()
	bctx := browser(t)
	p := &page{t: t, url: full, win: "window"}
	tab, cancel := chromedp.NewContext(bctx, chromedp.WithListener(p.listen))
	t.Cleanup(func() {
		p.mu.Lock()
		problems, console := p.problems, p.console
		p.mu.Unlock()
		for _, pr := range problems {
			t.Errorf("%s: %s", full, pr)
		}
		if t.Failed() && len(console) > 0 {
			t.Logf("console of %s:\n\t%s", full, strings.Join(console, "\n\t"))
		}
		cancel()
	})
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	p.ctx = tab
	ctx, done := context.WithTimeout(tab, loadTimeout)
	defer done()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height), chromedp.Navigate(full)); err != nil {
		t.Fatalf("loading %s: %v", full, err)
	}
	return p
}

// embedShareOf clicks Share, checks the dialog took the focus, reads the link and the embed code,
// closes it with Escape and checks the focus came back to the button.
func embedShareOf(t *testing.T, p *page) (link, snippet string) {
	t.Helper()
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#share-open"))); err != nil {
		t.Fatalf("clicking Share: %v", err)
	}
	v, err := p.poll(`(() => {
		const d = document.getElementById("share-dialog");
		if (!d.open || !d.contains(document.activeElement)) return null;
		return {link: document.getElementById("share-link").value, snippet: document.getElementById("share-embed").value,
			modal: d.matches(":modal"), focus: document.activeElement.id};
	})()`, actionTimeout)
	if err != nil {
		t.Fatalf("the Share dialog did not open with the focus in it: %v", err)
	}
	if v["modal"] != true {
		t.Errorf("the Share dialog is not modal")
	}
	link, snippet = v["link"].(string), v["snippet"].(string)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.poll(`(() => { const d = document.getElementById("share-dialog");
		return (!d.open && document.activeElement && document.activeElement.id === "share-open") ? {ok: true} : null; })()`, actionTimeout); err != nil {
		t.Errorf("Escape did not close the dialog and give the focus back to Share: %v (focus on %q)", err,
			eval[string](t, p, `document.activeElement ? document.activeElement.id || document.activeElement.tagName : ""`))
	}
	return link, snippet
}

// embedSnippetSrc is the src of the iframe in an embed code.
func embedSnippetSrc(t *testing.T, snippet string) string {
	t.Helper()
	i := strings.Index(snippet, `src="`)
	if !strings.HasPrefix(snippet, "<iframe ") || i < 0 {
		t.Fatalf("the embed code %q is not an iframe with a src", snippet)
	}
	rest := snippet[i+len(`src="`):]
	src := strings.ReplaceAll(rest[:strings.Index(rest, `"`)], "&amp;", "&")
	for _, a := range []string{` width="`, ` height="`, ` title="`} {
		if !strings.Contains(snippet, a) {
			t.Errorf("the embed code %q has no%s...", snippet, a)
		}
	}
	return src
}

// TestEmbedShare checks Share on a model page and in an embed: the link, opened, reproduces
// state().params, and so does the embed code's address.
func TestEmbedShare(t *testing.T) {
	p := openPage(t, "/sinkhorn.html?preset=random&seed=7&lambda=0.05&speed=max", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	want := state(t, p)["params"].(map[string]any)
	if want["seed"] != "7" || want["speed"] != "max" {
		t.Errorf("state().params %v lacks seed=7 or speed=max", want)
	}
	link, snippet := embedShareOf(t, p)
	if !strings.HasPrefix(link, server.URL+"/sinkhorn.html?") {
		t.Errorf("link %q, want %s/sinkhorn.html?...", link, server.URL)
	}
	src := embedSnippetSrc(t, snippet)
	if !strings.HasPrefix(src, server.URL+"/embed.html?model=sinkhorn&") {
		t.Errorf("embed code src %q, want %s/embed.html?model=sinkhorn&...", src, server.URL)
	}
	for _, target := range []string{link, src} {
		u, err := url.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		q := openPage(t, u.RequestURI(), 1000, 700)
		q.win = iframeWin
		q.waitReady()
		got := state(t, q)["params"].(map[string]any)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s reproduces params %v, want %v", target, got, want)
		}
	}

	// In an embed: the link goes to the model's page, and the embed code keeps hide and lang.
	e := openEmbed(t, "model=otsweep&hide=run&lambda=0.02&paused=1", 360, 700)
	link, snippet = embedShareOf(t, e)
	if !strings.HasPrefix(link, server.URL+"/lambda.html?") || !strings.Contains(link, "lambda=0.02") {
		t.Errorf("the embed's link %q, want %s/lambda.html?...lambda=0.02...", link, server.URL)
	}
	src = embedSnippetSrc(t, snippet)
	if !strings.Contains(src, "model=otsweep") || !strings.Contains(src, "hide=run") || !strings.Contains(src, "lambda=0.02") {
		t.Errorf("the embed's embed code src %q lacks model, hide or lambda", src)
	}
	// The dialog at a phone's width.
	ctx, done := contextFor(e, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#share-open"))); err != nil {
		t.Fatal(err)
	}
	if _, err := e.poll(`document.getElementById("share-dialog").open ? {ok: true} : null`, actionTimeout); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#share-copy-link"))); err != nil {
		t.Fatal(err)
	}
	if _, err := e.poll(`/copied|selected/.test(document.getElementById("share-status").textContent) ? {ok: true} : null`, actionTimeout); err != nil {
		t.Errorf("Copy said nothing: %v", err)
	}
	shoot(t, e, "embed_share_360", chromedp.CaptureScreenshot())
}

// TestEmbedScreenshots keeps pictures of embeds at a phone's width and a wide column.
func TestEmbedScreenshots(t *testing.T) {
	for _, c := range []struct {
		name, query string
		w, h        int64
		extra       bool // only with -shots: a picture to look at, no new check
	}{
		{"embed_320", "model=sinkhorn&speed=max", 320, 640, false},
		{"embed_1200", "model=sinkhorn&speed=max", 1200, 700, false},
		{"embed_320_simonly", "model=otcloud&hide=controls,readouts&speed=max", 320, 480, false},
		{"embed_1200_dln", "model=dln&hide=view&speed=max", 1200, 640, true},
		{"embed_760_lambda", "model=otsweep&hide=lambda,lmin,lmax&speed=max", 760, 560, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.extra && !*shotsFlag && os.Getenv("SOLVABLE_SHOTS") != "1" {
				t.Skip("a picture only: run with -shots")
			}
			p := openEmbed(t, c.query, c.w, c.h)
			waitState(t, p, "s.converged || s.done || s.iter > 50 || s.projections > 50", solveTimeout)
			// No sideways scrolling at any width.
			if w := eval[float64](t, p, `document.documentElement.scrollWidth`); w > float64(c.w) {
				t.Errorf("the embed is %v px wide in a %d px frame", w, c.w)
			}
			screenshot(t, p, c.name)
		})
	}
}

// embedJSString quotes s as a JavaScript string.
func embedJSString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func embedKeysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
