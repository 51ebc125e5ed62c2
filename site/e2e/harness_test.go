//go:build !js

// Package e2e holds the browser tests of the built site: it serves dist/
// with site/devserver on an httptest server, drives headless Chromium through
// chromedp, and checks the simulator against the contract (window.solvable)
// and against an independent oracle (oracle_test.go).
//
// Run them after a build:
//
//	./build.sh test                                  # everything, in order
//	go test ./site/e2e/ -count=1 -dist=$PWD/dist     # only these
//	go test ./site/e2e/ -count=1 -shots              # also keep screenshots in site/e2e/screenshots/
//
// The directory comes from -dist, else $SOLVABLE_DIST, else ../../dist. When
// it has no solvable.wasm the browser tests skip (the oracle test still runs).
// Chromium comes from $SOLVABLE_CHROMIUM, else /usr/bin/chromium, else
// chromium on PATH. One browser serves the whole package; each page gets its
// own tab, whose console errors and uncaught exceptions fail the test.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"solvable/site/devserver"
)

var (
	distFlag  = flag.String("dist", "", "the built site (default $SOLVABLE_DIST, else ../../dist)")
	shotsFlag = flag.Bool("shots", false, "keep screenshots in site/e2e/screenshots/ (also SOLVABLE_SHOTS=1)")
)

// Timeouts. Loading the 15 MB wasm and compiling it takes 2.5-4.5 s on the
// machine of tech-stack.md, more on a busy CI runner.
const (
	loadTimeout   = 60 * time.Second // navigation + wasm start
	actionTimeout = 30 * time.Second // one evaluation or screenshot
	solveTimeout  = 90 * time.Second // convergence at speed=max
)

// The package's shared state, set up by TestMain and by the first test that
// needs the browser.
var (
	dist       string // absolute path of the built site
	skipReason string // why the browser tests skip; "" when they run
	server     *httptest.Server

	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserCancel = func() {}
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dist = *distFlag
	if dist == "" {
		dist = os.Getenv("SOLVABLE_DIST")
	}
	if dist == "" {
		dist = filepath.Join("..", "..", "dist")
	}
	if abs, err := filepath.Abs(dist); err == nil {
		dist = abs
	}
	if _, err := os.Stat(filepath.Join(dist, "solvable.wasm")); err != nil {
		skipReason = fmt.Sprintf("no built site: %s/solvable.wasm is missing; run ./build.sh first "+
			"(or pass -dist DIR or SOLVABLE_DIST=DIR); skipping the browser tests", dist)
		fmt.Fprintln(os.Stderr, "e2e:", skipReason)
	} else {
		server = httptest.NewServer(devserver.New(dist))
		defer server.Close()
	}
	defer func() { browserCancel() }()
	return m.Run()
}

// chromiumPath finds the browser: $SOLVABLE_CHROMIUM, /usr/bin/chromium, or
// chromium on PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv("SOLVABLE_CHROMIUM"); p != "" {
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		return "", fmt.Errorf("no Chromium: not at /usr/bin/chromium nor on PATH " +
			"(apt-get install chromium, or set SOLVABLE_CHROMIUM)")
	}
	return p, nil
}

// browser returns the context of the one browser of the package, starting it
// on first use as tech-stack.md §2 says. It skips the test when there is no
// built site.
func browser(t *testing.T) context.Context {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	browserOnce.Do(func() {
		exe, err := chromiumPath()
		if err != nil {
			browserErr = err
			return
		}
		profile, err := os.MkdirTemp("", "solvable-e2e-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(profile),
			chromedp.DisableGPU, // --disable-gpu --enable-unsafe-swiftshader: WebGL2 on SwiftShader
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.WindowSize(1200, 900),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		browserCancel = func() {
			cancelBrowser()
			cancelAlloc()
			os.RemoveAll(profile)
		}
		// The first Do starts the browser. It gets no timeout: a timeout on
		// the first call would end the browser with it.
		if err := chromedp.Do(bctx); err != nil {
			browserErr = fmt.Errorf("starting %s: %w", exe, err)
			return
		}
		browserCtx = bctx
	})
	if browserErr != nil {
		t.Fatalf("browser: %v", browserErr)
	}
	return browserCtx
}

// page is one browser tab.
type page struct {
	t   *testing.T
	ctx context.Context // the tab; derive a timeout for each action
	url string
	// win is the JavaScript expression of the window that holds
	// window.solvable: "window" for sim.html, the iframe's window on a
	// model page.
	win string

	mu       sync.Mutex
	problems []string // console errors, uncaught exceptions, error log entries
	console  []string // every console line, shown when the test fails
}

// ignoredLog matches browser log entries that are not the site's fault.
var ignoredLog = regexp.MustCompile(`/favicon\.ico\b`)

// listen runs in the tab's message loop: it must return fast and run no
// command.
func (p *page) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		line := fmt.Sprintf("console.%s: %s", ev.Type, argsText(ev.Args))
		p.console = append(p.console, line)
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
			p.problems = append(p.problems, line)
		default:
			// wasm_exec.js writes the Go program's stderr, and so a panic,
			// with console.log.
			text := argsText(ev.Args)
			if strings.Contains(text, "panic: ") || strings.Contains(text, "fatal error: ") {
				p.problems = append(p.problems, "Go crashed: "+line)
			}
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		line := fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
		p.console = append(p.console, line)
		p.problems = append(p.problems, line)
	case *log.EventEntryAdded:
		e := ev.Entry
		line := fmt.Sprintf("browser log (%s, %s): %s %s", e.Level, e.Source, e.Text, e.URL)
		p.console = append(p.console, line)
		if e.Level == log.EntryLevelError && !ignoredLog.MatchString(e.URL) {
			p.problems = append(p.problems, line)
		}
	}
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a.Type == runtime.RemoteObjectTypeString:
			var s string
			if json.Unmarshal(a.Value, &s) == nil {
				parts = append(parts, s)
				continue
			}
			parts = append(parts, string(a.Value))
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		default:
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

// openPage opens path (for example "/sinkhorn.html?lambda=0.1") on the test
// server in a new tab with a width x height viewport. At the end of the test
// any console error or uncaught exception on the page fails it, and the
// page's console is printed when the test failed.
func openPage(t *testing.T, path string, width, height int64) *page {
	t.Helper()
	bctx := browser(t)
	p := &page{t: t, url: server.URL + path, win: "window"}
	tab, cancel := chromedp.NewContext(bctx, chromedp.WithListener(p.listen))
	t.Cleanup(func() {
		p.mu.Lock()
		problems, console := p.problems, p.console
		p.mu.Unlock()
		for _, pr := range problems {
			t.Errorf("%s: %s", path, pr)
		}
		if t.Failed() && len(console) > 0 {
			t.Logf("console of %s:\n\t%s", path, strings.Join(console, "\n\t"))
		}
		cancel()
	})
	// Open the tab with no timeout: the first Do binds the tab's life to
	// its context.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	p.ctx = tab
	ctx, done := context.WithTimeout(tab, loadTimeout)
	defer done()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height),
		chromedp.Navigate(p.url),
	); err != nil {
		t.Fatalf("loading %s: %v", p.url, err)
	}
	return p
}

// openSim opens sim.html?query in an 800x600 tab and waits until the
// simulator has set window.solvable (or the loader has given up).
func openSim(t *testing.T, query string) *page {
	t.Helper()
	p := openPage(t, "/sim.html?"+query, 800, 600)
	p.waitReady()
	return p
}

// waitReady waits until p.win.solvable exists. It fails the test at once if
// the loader reports window.solvableLoadError.
func (p *page) waitReady() {
	p.t.Helper()
	expr := fmt.Sprintf(`(() => {
		const w = %s;
		if (!w) return null;
		if (w.solvableLoadError) return {loadError: String(w.solvableLoadError)};
		return w.solvable ? {ok: true} : null;
	})()`, p.win)
	v, err := p.poll(expr, loadTimeout)
	if err != nil {
		p.t.Fatalf("%s: the simulator did not start (window.solvable never appeared): %v", p.url, err)
	}
	if msg, ok := v["loadError"]; ok {
		p.t.Fatalf("%s: the simulator failed to load: %v", p.url, msg)
	}
}

// poll evaluates expr in the top page until it is truthy, for at most
// timeout, and returns its value. It gives up early when the page has thrown
// an uncaught exception or the Go program has crashed, since the condition
// would then never come true.
func (p *page) poll(expr string, timeout time.Duration) (map[string]any, error) {
	deadline := time.Now().Add(timeout)
	for {
		slice := min(time.Until(deadline), 2*time.Second)
		if slice <= 0 {
			return nil, fmt.Errorf("timed out after %v", timeout)
		}
		ctx, done := context.WithTimeout(p.ctx, slice+5*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Poll[map[string]any](expr,
			chromedp.WithPollingTimeout(slice), chromedp.WithPollingInterval(50*time.Millisecond)))
		done()
		if err == nil {
			return v, nil
		}
		// A slice that overran its own deadline means the page's thread was busy for a few
		// seconds (a loaded machine; the simulator keeps stepping): poll again until the
		// overall timeout, unless the tab itself is gone.
		slow := errors.Is(err, context.DeadlineExceeded) && p.ctx.Err() == nil
		if !errors.Is(err, chromedp.ErrPollingTimeout) && !slow {
			return nil, err
		}
		p.mu.Lock()
		var fatal []string
		for _, pr := range p.problems {
			if strings.HasPrefix(pr, "uncaught exception") || strings.HasPrefix(pr, "Go crashed") {
				fatal = append(fatal, pr)
			}
		}
		p.mu.Unlock()
		if len(fatal) > 0 {
			return nil, fmt.Errorf("gave up: the page failed: %s", strings.Join(fatal, "; "))
		}
	}
}

// waitState polls until jsCond is true. jsCond is a JavaScript expression in
// which s is state({plan: false}) and solvable is the simulator's API, for
// example "s.converged" or "s.iter > 0".
func waitState(t *testing.T, p *page, jsCond string, timeout time.Duration) {
	t.Helper()
	expr := fmt.Sprintf(`(() => {
		const w = %s;
		if (!w) return null;
		if (w.solvableLoadError) return {loadError: String(w.solvableLoadError)};
		const solvable = w.solvable;
		if (!solvable) return null;
		try {
			const s = solvable.state({plan: false});
			return (%s) ? {ok: true} : null;
		} catch (e) {
			return {exception: String(e && e.stack || e)};
		}
	})()`, p.win, jsCond)
	v, err := p.poll(expr, timeout)
	if err != nil {
		t.Fatalf("waiting up to %v for %s: %v\nlast state: %s", timeout, jsCond, err, p.stateSummary())
	}
	if msg, ok := v["loadError"]; ok {
		t.Fatalf("%s: the simulator failed to load: %v", p.url, msg)
	}
	if msg, ok := v["exception"]; ok {
		t.Fatalf("evaluating %s threw: %v", jsCond, msg)
	}
}

// stateSummary returns state({plan: false}) as JSON, for failure messages,
// with long arrays shortened.
func (p *page) stateSummary() string {
	ctx, done := context.WithTimeout(p.ctx, 5*time.Second)
	defer done()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { try { return JSON.stringify(%s.solvable.state({plan: false}),
			(k, v) => Array.isArray(v) && v.length > 8 ? "[" + v.length + " values]" : v); } catch (e) { return "unavailable: " + e; } })()`, p.win)))
	if err != nil {
		return "unavailable: " + err.Error()
	}
	return s
}

// state returns solvable.state() (with the plan). It also fails the test if
// any value in it is NaN, infinite or undefined, which the contract forbids.
func state(t *testing.T, p *page) map[string]any {
	t.Helper()
	expr := fmt.Sprintf(`(() => {
		const s = %s.solvable.state();
		const bad = [];
		(function walk(v, path) {
			if (bad.length >= 20) return;
			if (v === undefined) bad.push(path + " is undefined");
			else if (typeof v === "number") { if (!Number.isFinite(v)) bad.push(path + " = " + v); }
			else if (Array.isArray(v)) v.forEach((x, i) => walk(x, path + "[" + i + "]"));
			else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) walk(v[k], path + "." + k);
		})(s, "state()");
		return {state: s, bad: bad};
	})()`, p.win)
	ctx, done := context.WithTimeout(p.ctx, actionTimeout)
	defer done()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		State map[string]any `json:"state"`
		Bad   []string       `json:"bad"`
	}](expr))
	if err != nil {
		t.Fatalf("state(): %v", err)
	}
	if len(v.Bad) > 0 {
		t.Errorf("state() has values that are not finite numbers or null: %s", strings.Join(v.Bad, "; "))
	}
	return v.State
}

// call runs solvable.<js> in the simulator's window, for example
// call(t, p, `step(1)`) or call(t, p, `set({lambda: "0.5"})`).
func call(t *testing.T, p *page, js string) {
	t.Helper()
	ctx, done := context.WithTimeout(p.ctx, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`void %s.solvable.%s`, p.win, js))); err != nil {
		t.Fatalf("solvable.%s: %v", js, err)
	}
}

// eval evaluates a JavaScript expression in the top page and decodes it into T.
func eval[T any](t *testing.T, p *page, js string) T {
	t.Helper()
	ctx, done := context.WithTimeout(p.ctx, actionTimeout)
	defer done()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// screenshot captures the page (the whole page, beyond the viewport) as PNG
// and writes it to site/e2e/screenshots/<test>-<name>.png with -shots or
// SOLVABLE_SHOTS=1, else into the test's temporary directory. It returns the
// PNG.
func screenshot(t *testing.T, p *page, name string) []byte {
	t.Helper()
	return shoot(t, p, name, chromedp.FullScreenshot(100))
}

// screenshotCanvas is screenshot limited to the first canvas (Ebiten's).
func screenshotCanvas(t *testing.T, p *page, name string) []byte {
	t.Helper()
	return shoot(t, p, name, chromedp.Screenshot(chromedp.CSS("canvas")))
}

func shoot(t *testing.T, p *page, name string, a chromedp.Action[[]byte]) []byte {
	t.Helper()
	ctx, done := context.WithTimeout(p.ctx, actionTimeout)
	defer done()
	buf, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := t.TempDir()
	if *shotsFlag || os.Getenv("SOLVABLE_SHOTS") == "1" {
		dir = "screenshots"
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, fileName(t.Name()+"-"+name)+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", file)
	return buf
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string {
	return strings.Trim(unsafeName.ReplaceAllString(s, "_"), "_")
}

// countColours returns the number of distinct colours in a PNG: 1 for a blank
// image, 0 if it does not decode.
func countColours(buf []byte) int {
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		return 0
	}
	seen := map[[4]uint32]struct{}{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = struct{}{}
		}
	}
	return len(seen)
}

// imageSize returns the pixel size of a PNG.
func imageSize(buf []byte) image.Point {
	cfg, err := png.DecodeConfig(bytes.NewReader(buf))
	if err != nil {
		return image.Point{}
	}
	return image.Point{cfg.Width, cfg.Height}
}

// contextFor derives a context with a timeout from the page's tab.
func contextFor(p *page, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, d)
}

// checkReadouts fails on a readout of the page that shows NaN, undefined and the like, and on an
// empty one named in mustShow; it returns the readouts' texts by id.
func checkReadouts(t *testing.T, p *page, mustShow ...string) map[string]string {
	t.Helper()
	readouts := eval[map[string]string](t, p,
		`Object.fromEntries([...document.querySelectorAll("output")].map((o, i) => [o.id || "output" + i, o.textContent.trim()]))`)
	for id, text := range readouts {
		for _, bad := range []string{"NaN", "undefined", "Infinity", "null", "[object"} {
			if strings.Contains(text, bad) {
				t.Errorf("readout %s shows %q", id, text)
			}
		}
	}
	for _, id := range mustShow {
		if v := readouts[id]; v == "" || v == "—" {
			t.Errorf("readout %s shows %q", id, v)
		}
	}
	t.Logf("readouts: %v", readouts)
	return readouts
}
