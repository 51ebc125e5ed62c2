//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// iframeWin is the simulator's window inside a model page (same origin, so
// the top page can reach window.solvable in it).
const iframeWin = `((document.getElementById("sim") || document.querySelector("iframe")) || {}).contentWindow`

// TestSinkhornPage opens sinkhorn.html at a desktop and a phone size: no
// console errors, the simulator in the iframe runs, a readout shows a number,
// nothing overflows sideways, and a screenshot is kept for a person to look at.
func TestSinkhornPage(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1200, 900}, {375, 800}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := openPage(t, "/sinkhorn.html", size.w, size.h)
			p.win = iframeWin
			if !eval[bool](t, p, `!!document.getElementById("sim")`) {
				t.Errorf(`sinkhorn.html has no element with id="sim" (the simulator's iframe)`)
			}
			src := eval[string](t, p, `(document.querySelector("iframe") || {}).src || ""`)
			if !strings.Contains(src, "sim.html") || !strings.Contains(src, "model=sinkhorn") {
				t.Errorf("iframe src = %q, want sim.html?model=sinkhorn...", src)
			}
			p.waitReady()
			waitState(t, p, "s.iter > 0", loadTimeout)

			// A readout (an <output> of the page) shows a number.
			ctx, done := contextFor(p, 20*time.Second)
			defer done()
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](
				`[...document.querySelectorAll("output")].some(o => /[0-9]/.test(o.textContent))`,
				chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
			readouts := checkReadouts(t, p)
			if err != nil {
				t.Errorf("no readout shows a number within 20 s: %v; readouts: %v", err, readouts)
			}

			// Layout: nothing wider than the viewport, and a usable simulator frame.
			if sw := eval[float64](t, p, `document.documentElement.scrollWidth`); sw > float64(size.w) {
				t.Errorf("the page is %v px wide in a %d px viewport (horizontal scrolling)", sw, size.w)
			}
			box := eval[map[string]float64](t, p,
				`(() => { const r = document.querySelector("iframe").getBoundingClientRect(); return {w: r.width, h: r.height}; })()`)
			if box["w"] < 280 || box["h"] < 200 {
				t.Errorf("the simulator's iframe is %vx%v px, too small to use", box["w"], box["h"])
			}
			checkLinks(t, p)
			time.Sleep(time.Second) // a few frames, so the plot has content
			shot := screenshot(t, p, "page")
			if c := countColours(shot); c <= 2 {
				t.Errorf("the page screenshot is blank: %d colours", c)
			}
		})
	}
}

// TestSinkhornPagePermalink checks that sinkhorn.html passes its query
// string through to the simulator.
func TestSinkhornPagePermalink(t *testing.T) {
	p := openPage(t, "/sinkhorn.html?lambda=0.05&n=12&speed=max", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	waitState(t, p, "s.iter > 0", loadTimeout)
	st := state(t, p)
	if got := num(t, st, "lambda"); got != 0.05 {
		t.Errorf("lambda in the iframe = %v, want 0.05 from the page's URL", got)
	}
	if got := num(t, st, "n"); got != 12 {
		t.Errorf("n in the iframe = %v, want 12 from the page's URL", got)
	}
}

// TestHomePage checks that index.html renders, links to sinkhorn.html and
// has no broken same-origin links.
func TestHomePage(t *testing.T) {
	p := openPage(t, "/", 1200, 900)
	if h1 := eval[string](t, p, `(document.querySelector("h1") || {}).textContent || ""`); strings.TrimSpace(h1) == "" {
		t.Errorf("the home page has no <h1> text")
	}
	if title := eval[string](t, p, `document.title`); title == "" {
		t.Errorf("the home page has no <title>")
	}
	links := eval[[]string](t, p, `[...document.querySelectorAll("a[href]")].map(a => a.href)`)
	var toSinkhorn bool
	for _, l := range links {
		if strings.HasSuffix(strings.SplitN(l, "?", 2)[0], "/sinkhorn.html") {
			toSinkhorn = true
		}
	}
	if !toSinkhorn {
		t.Errorf("no link to sinkhorn.html among %q", links)
	}
	if body := eval[string](t, p, `document.body.innerText`); !strings.Contains(strings.ToLower(body), "coming") {
		t.Errorf(`the home page does not mark any model as "coming"`)
	}
	checkLinks(t, p)
	shot := screenshot(t, p, "home")
	if c := countColours(shot); c <= 2 {
		t.Errorf("the home page screenshot is blank: %d colours", c)
	}
}

// checkLinks fetches every same-origin link and resource of the page and
// fails on any status other than 200.
func checkLinks(t *testing.T, p *page) {
	t.Helper()
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(async () => {
		const urls = new Set();
		for (const el of document.querySelectorAll("a[href], link[href], script[src], img[src], iframe[src]")) {
			const u = new URL(el.href || el.src, location.href);
			if (u.origin === location.origin) { u.hash = ""; urls.add(u.href); }
		}
		const bad = [];
		for (const u of urls) {
			const r = await fetch(u);
			if (r.status !== 200) bad.push(u + " -> " + r.status);
		}
		return bad;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("checking links: %v", err)
	}
	for _, b := range bad {
		t.Errorf("broken link: %s", b)
	}
}
