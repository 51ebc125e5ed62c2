//go:build !js

package e2e

// The offline file, dist/offline/solvable.html (site/offline): opened from file:// with the
// network emulated offline, it shows the home list and each model's page, and its simulator
// runs and converges; nothing is requested but the file itself.

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// offlineFile is the path of the offline file of the built site.
func offlineFile(t *testing.T) string {
	t.Helper()
	browser(t) // skips without a built site
	f := filepath.Join(dist, "offline", "solvable.html")
	if _, err := os.Stat(f); err != nil {
		t.Fatalf("no offline file (build.sh writes it with go run ./site/offline): %v", err)
	}
	return f
}

// openOffline opens the offline file with query in a new width x height tab whose network is
// emulated offline. Like openPage, console errors and uncaught exceptions fail the test; so
// does any request for something other than the file itself.
func openOffline(t *testing.T, query string, width, height int64) *page {
	return openOfflineWith(t, query, width, height, "")
}

// openOfflineWith is openOffline with a script run in every document (frames too) before the
// page's own, to take a feature away from the browser.
func openOfflineWith(t *testing.T, query string, width, height int64, before string) *page {
	t.Helper()
	file := offlineFile(t)
	fileURL := (&url.URL{Scheme: "file", Path: file}).String()
	p := &page{t: t, url: fileURL + "?" + query, win: "window"}
	if query == "" {
		p.url = fileURL
	}
	var mu sync.Mutex
	var foreign []string
	tab, cancel := chromedp.NewContext(browser(t), chromedp.WithListener(func(ev any) {
		p.listen(ev)
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			u := e.Request.URL
			if !strings.HasPrefix(u, fileURL) && !strings.HasPrefix(u, "data:") &&
				!strings.HasPrefix(u, "about:") && !strings.HasPrefix(u, "blob:") {
				mu.Lock()
				foreign = append(foreign, u)
				mu.Unlock()
			}
		}
	}))
	t.Cleanup(func() {
		mu.Lock()
		for _, u := range foreign {
			t.Errorf("the offline file requested %s", u)
		}
		mu.Unlock()
		p.mu.Lock()
		problems, console := p.problems, p.console
		p.mu.Unlock()
		for _, pr := range problems {
			t.Errorf("%s: %s", p.url, pr)
		}
		if t.Failed() && len(console) > 0 {
			t.Logf("console of %s:\n\t%s", p.url, strings.Join(console, "\n\t"))
		}
		cancel()
	})
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	p.ctx = tab
	ctx, done := context.WithTimeout(tab, loadTimeout)
	defer done()
	offline := func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
		}); err != nil {
			return err
		}
		if before != "" {
			if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument,
				cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: before}); err != nil {
				return err
			}
		}
		return nil
	}
	if err := chromedp.Do(ctx,
		chromedp.Func(offline),
		chromedp.EmulateViewport(width, height),
		chromedp.Navigate(p.url),
	); err != nil {
		t.Fatalf("loading %s: %v", p.url, err)
	}
	if !eval[bool](t, p, `navigator.onLine === false`) {
		t.Error("the tab is not offline")
	}
	if eval[bool](t, p, `!!document.getElementById("solvable-boot-note")`) {
		t.Error("the sentence for a browser without JavaScript is still shown")
	}
	return p
}

// TestOfflineModels: each model page of the file starts its simulator from file:// with no
// network and runs it to convergence, showing the page's text, controls and readouts; the
// address keeps ?model= when page.js writes the parameters into it.
func TestOfflineModels(t *testing.T) {
	for _, c := range []struct {
		model, title string
		shots        bool
	}{
		{"sinkhorn", "Sinkhorn", true},
		{"dln", "Diagonal", false},
	} {
		t.Run(c.model, func(t *testing.T) {
			p := openOffline(t, "model="+c.model+"&speed=max", 1200, 900)
			p.win = iframeWin
			p.waitReady()
			logFirstIteration(t, p)
			waitState(t, p, "s.converged", solveTimeout)
			if title := eval[string](t, p, `document.title`); !strings.Contains(title, c.title) {
				t.Errorf("title %q, want one with %q", title, c.title)
			}
			if n := eval[int](t, p, `document.querySelectorAll("#controls [data-param], output[data-field]").length`); n < 3 {
				t.Errorf("%d controls and readouts on the page", n)
			}
			if h1 := eval[string](t, p, `(document.querySelector("main h1") || {}).textContent || ""`); h1 == "" {
				t.Error("no heading: the page's text is missing")
			}
			// page.js shows the state in the readouts within a poll.
			if _, err := p.poll(`document.querySelector('output[data-field="status"]').textContent === "converged" ? {ok: true} : null`, 5*time.Second); err != nil {
				t.Errorf("the status readout never said converged: %v", err)
			}
			if q := eval[string](t, p, `history.replaceState(history.state, "", "?lambda=0.5"), location.search`); q != "?model="+c.model+"&lambda=0.5" {
				t.Errorf("after page.js writes ?lambda=0.5 the address says %q", q)
			}
			if !c.shots {
				return
			}
			screenshot(t, p, "offline_"+c.model+"_1200")
			// The same page on a phone: resize the tab rather than load the simulator again.
			ctx, done := contextFor(p, actionTimeout)
			err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844))
			done()
			if err != nil {
				t.Fatalf("resizing to 390 px: %v", err)
			}
			if _, err := p.poll(`document.documentElement.clientWidth === 390 ? {ok: true} : null`, actionTimeout); err != nil {
				t.Fatalf("the page did not take the 390 px width: %v", err)
			}
			if w := eval[int](t, p, `document.documentElement.scrollWidth`); w > 390 {
				t.Errorf("the page is %d px wide in a 390 px window", w)
			}
			screenshot(t, p, "offline_"+c.model+"_390")
		})
	}
}

// TestOfflineEveryModel: the other models of the file start too, with no error.
func TestOfflineEveryModel(t *testing.T) {
	for _, model := range []string{"ot2x2", "otsweep", "otcloud"} {
		t.Run(model, func(t *testing.T) {
			p := openOffline(t, "model="+model, 800, 700)
			p.win = iframeWin
			p.waitReady()
			st := state(t, p)
			if st["model"] != model || st["error"] != "" {
				t.Errorf("state(): model %v, error %q", st["model"], st["error"])
			}
			// The SIMD kernels travel inside the file (simd.js and both modules, base64).
			if k, _ := st["kernels"].(string); !strings.HasPrefix(k, "wasm-simd") {
				t.Errorf("the offline simulator runs on kernels %q, want wasm-simd or wasm-simd-fma", k)
			}
		})
	}
}

// TestOfflineHome: without ?model= the file shows the home list, whose links open the models'
// pages inside the file; a model it does not have is said so.
func TestOfflineHome(t *testing.T) {
	p := openOffline(t, "", 1200, 900)
	links := eval[[]string](t, p, `Array.from(document.querySelectorAll(".model-list a")).map((a) => a.getAttribute("href"))`)
	if len(links) < 5 {
		t.Fatalf("the home list has %d links: %v", len(links), links)
	}
	for _, l := range links {
		if !strings.HasPrefix(l, "?model=") {
			t.Errorf("home link %q is not a ?model= link in the file", l)
		}
	}
	screenshot(t, p, "offline_home_1200")
	ctx, done := contextFor(p, loadTimeout)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#model-sinkhorn a.card-link`))); err != nil {
		done()
		t.Fatalf("clicking the Sinkhorn card: %v", err)
	}
	done()
	// The click navigates; evaluations fail while the new document has no context yet.
	deadline := time.Now().Add(loadTimeout)
	for {
		_, err := p.poll(`location.search === "?model=sinkhorn" && document.getElementById("sim") ? {ok: true} : null`, 2*time.Second)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Sinkhorn link did not open its page: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.win = iframeWin
	p.waitReady()

	narrow := openOffline(t, "", 390, 844)
	if w := eval[int](t, narrow, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the home list is %d px wide in a 390 px window", w)
	}
	screenshot(t, narrow, "offline_home_390")

	bad := openOffline(t, "model=nosuch", 1200, 900)
	if msg := eval[string](t, bad, `(document.querySelector(".offline-banner") || {}).textContent || ""`); !strings.Contains(msg, "no model named “nosuch”") {
		t.Errorf("a model the file does not have: banner %q", msg)
	}
}

// TestOfflineNoDecompressionStream: a browser without DecompressionStream is told so, in the
// frame, under the controls and in window.solvableLoadError.
func TestOfflineNoDecompressionStream(t *testing.T) {
	p := openOfflineWith(t, "model=sinkhorn", 1200, 900, `delete window.DecompressionStream;`)
	v, err := p.poll(`(() => {
		const w = document.getElementById("sim").contentWindow;
		const line = document.getElementById("sim-error");
		return window.solvableLoadError && w && w.solvableLoadError && line && line.textContent ? {top: window.solvableLoadError, frame: w.solvableLoadError,
			line: document.getElementById("sim-error").textContent,
			overlay: w.document.body.innerText} : null;
	})()`, loadTimeout)
	if err != nil {
		t.Fatalf("no load error: %v", err)
	}
	for k, s := range v {
		if !strings.Contains(s.(string), "DecompressionStream") || !strings.Contains(s.(string), "Firefox 113") {
			t.Errorf("%s: %q does not say what is missing and which browsers have it", k, s)
		}
	}
	// The loader's console.error is expected here.
	p.mu.Lock()
	var rest []string
	for _, pr := range p.problems {
		if !strings.Contains(pr, "DecompressionStream") {
			rest = append(rest, pr)
		}
	}
	p.problems = rest
	p.mu.Unlock()
}

// logFirstIteration waits for the first step of the simulator and logs when it came, counted
// from the navigation (a measure, not a test: the time depends on the machine).
func logFirstIteration(t *testing.T, p *page) {
	t.Helper()
	waitState(t, p, "s.iter > 0 || s.steps > 0", loadTimeout)
	v := eval[map[string]float64](t, p, `(() => {
		const mark = (n) => (performance.getEntriesByName(n)[0] || {startTime: -1}).startTime;
		const nav = performance.getEntriesByType("navigation")[0] || {};
		return {now: performance.now(), parsed: nav.domInteractive || -1, decoded: mark("solvable-wasm-decoded"),
			unpacked: mark("solvable-wasm-unpacked"), compiled: mark("solvable-wasm-compiled")};
	})()`)
	t.Logf("first step %.0f ms after navigation (file parsed at %.0f ms; wasm: base64 decoded %.0f, unpacked %.0f, "+
		"compiled %.0f ms; polled every 50 ms)", v["now"], v["parsed"], v["decoded"], v["unpacked"], v["compiled"])
}
