//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// politeTimeout is how soon a simulator must rest once it cannot be seen, and play again once
// it can. The observer reports on the next frame, and the change is seen in well under a
// second (TestPoliteScroll logs it); the bound leaves room for a loaded machine.
const politeTimeout = 3 * time.Second

// openPlaying opens a model page with a slow speed (so the run does not end during the test)
// and waits until the simulator in it plays.
func openPlaying(t *testing.T, path string) *page {
	t.Helper()
	p := openPage(t, path, 1200, 900)
	p.win = iframeWin
	p.waitReady()
	waitState(t, p, "s.playing", loadTimeout)
	return p
}

// scrollSim scrolls the page so that the simulator's frame is out of view (away) or back at
// the top of the viewport, and checks that it is so.
func scrollSim(t *testing.T, p *page, away bool) {
	t.Helper()
	js := `(() => {
		const f = document.getElementById("sim");
		const r = f.getBoundingClientRect();
		window.scrollTo(0, window.scrollY + r.top - 10);
		return true;
	})()`
	if away {
		js = `(() => {
			const f = document.getElementById("sim");
			const r = f.getBoundingClientRect();
			window.scrollTo(0, window.scrollY + r.bottom + 50);
			return true;
		})()`
	}
	eval[bool](t, p, js)
	r := eval[map[string]float64](t, p, `(() => { const r = document.getElementById("sim").getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; })()`)
	h := eval[float64](t, p, "window.innerHeight")
	out := r["bottom"] <= 0 || r["top"] >= h
	if out != away {
		t.Fatalf("scrolling (away=%v) left the frame at top %v, bottom %v in a %v px viewport; the page may be too short", away, r["top"], r["bottom"], h)
	}
}

// frames waits for n animation frames of the top page, so that observers have reported.
func frames(t *testing.T, p *page, n int) {
	t.Helper()
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`new Promise((resolve) => {
		let n = %d;
		const f = () => (--n > 0) ? requestAnimationFrame(f) : resolve(true);
		requestAnimationFrame(f);
	})`, n), awaitPromise))
	if err != nil {
		t.Fatalf("waiting for %d frames: %v", n, err)
	}
}

func playLabel(t *testing.T, p *page) string {
	t.Helper()
	return strings.TrimSpace(eval[string](t, p, `(document.querySelector("#play .btn-text") || {}).textContent || ""`))
}

// TestPoliteScroll: a simulator scrolled out of view rests and plays again when scrolled back;
// one the visitor paused stays paused; and a visitor who presses Play or Pause while it rests
// takes it over.
func TestPoliteScroll(t *testing.T) {
	p := openPlaying(t, "/sinkhorn.html?speed=1&lambda=0.001")

	start := time.Now()
	scrollSim(t, p, true)
	waitState(t, p, "!s.playing", politeTimeout)
	t.Logf("scrolled out of view: paused within %v", time.Since(start).Round(time.Millisecond))
	if got := playLabel(t, p); got != "Play" {
		// page.js polls state() ten times a second; give it one poll.
		time.Sleep(200 * time.Millisecond)
		if got = playLabel(t, p); got != "Play" {
			t.Errorf("while the simulator rests, the Play button says %q", got)
		}
	}
	start = time.Now()
	scrollSim(t, p, false)
	waitState(t, p, "s.playing", politeTimeout)
	t.Logf("scrolled back: playing within %v", time.Since(start).Round(time.Millisecond))

	// Paused by the visitor: it stays paused through a scroll away and back. (page.js toggles
	// from the state() it last polled, so each press below waits until the button shows it.)
	waitPlayLabel(t, p, "Pause")
	click(t, p, "#play")
	waitState(t, p, "!s.playing", politeTimeout)
	scrollSim(t, p, true)
	frames(t, p, 3)
	scrollSim(t, p, false)
	frames(t, p, 3)
	waitState(t, p, "!s.playing", politeTimeout)
	if s := state(t, p); s["playing"] != false {
		t.Errorf("a simulator the visitor paused played again after a scroll away and back")
	}

	// Rested, then the visitor plays and pauses it from the keyboard while it is out of view:
	// their pause stands when it comes back.
	waitPlayLabel(t, p, "Play")
	click(t, p, "#play")
	waitState(t, p, "s.playing", politeTimeout)
	scrollSim(t, p, true)
	waitState(t, p, "!s.playing", politeTimeout)
	blur(t, p)
	waitPlayLabel(t, p, "Play")
	key(t, p, " ")
	waitState(t, p, "s.playing", politeTimeout)
	waitPlayLabel(t, p, "Pause")
	key(t, p, " ")
	waitState(t, p, "!s.playing", politeTimeout)
	scrollSim(t, p, false)
	frames(t, p, 3)
	if s := state(t, p); s["playing"] != false {
		t.Errorf("the visitor paused a resting simulator, and it played again when scrolled back")
	}
}

// TestPoliteHiddenTab: a simulator whose tab is hidden rests, and plays when the tab is shown.
// In headless Chromium a second tab brought to the front (Target.activateTarget) leaves the
// first one visible, and so does Page.setWebLifecycleState; minimizing the window
// (Browser.setWindowBounds) is what makes document.hidden true.
func TestPoliteHiddenTab(t *testing.T) {
	p := openPlaying(t, "/geometry.html?speed=1&lambda=0.02")
	setWindowState(t, p, cdpbrowser.WindowStateMinimized)
	t.Cleanup(func() { setWindowState(t, p, cdpbrowser.WindowStateNormal) })
	if !eval[bool](t, p, "document.hidden") {
		t.Fatalf("minimizing the window did not hide the page (visibilityState %q)", eval[string](t, p, "document.visibilityState"))
	}
	waitState(t, p, "!s.playing", politeTimeout)
	setWindowState(t, p, cdpbrowser.WindowStateNormal)
	if eval[bool](t, p, "document.hidden") {
		t.Fatalf("restoring the window left the page hidden")
	}
	waitState(t, p, "s.playing", politeTimeout)
}

// setWindowState minimizes or restores the browser window of p's tab.
func setWindowState(t *testing.T, p *page, st cdpbrowser.WindowState) {
	t.Helper()
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	w, err := chromedp.CallBrowser(ctx, cdpbrowser.GetWindowForTarget,
		cdpbrowser.GetWindowForTargetParams{TargetID: chromedp.FromContext(p.ctx).Target.TargetID})
	if err != nil {
		t.Fatalf("the window of the tab: %v", err)
	}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetWindowBounds,
		cdpbrowser.SetWindowBoundsParams{WindowID: w.WindowID, Bounds: &cdpbrowser.Bounds{WindowState: st}}); err != nil {
		t.Fatalf("setting the window %s: %v", st, err)
	}
}

// openReduced opens path in a tab that emulates prefers-reduced-motion: reduce from before the
// first navigation.
func openReduced(t *testing.T, path string, w, h int64) *page {
	t.Helper()
	p := openPage(t, "/", w, h) // a tab, with the light home page
	ctx, done := contextFor(p, loadTimeout)
	defer done()
	p.url = server.URL + path
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
			return err
		}),
		chromedp.Navigate(p.url),
	); err != nil {
		t.Fatalf("loading %s with reduced motion: %v", p.url, err)
	}
	return p
}

// TestPoliteReducedMotion: under prefers-reduced-motion the simulator starts paused, on its own
// page (sim.html, which the offline file's frame runs too), on a model page, whose Play button
// then says Play and plays it, and in an embed; the pause is not written into the permalink; paused=0 in
// the URL wins.
func TestPoliteReducedMotion(t *testing.T) {
	t.Run("sim", func(t *testing.T) {
		p := openReduced(t, "/sim.html?model=ot2x2&speed=1", 800, 600)
		p.waitReady()
		if !eval[bool](t, p, `matchMedia("(prefers-reduced-motion: reduce)").matches`) {
			t.Fatal("the emulated media did not apply")
		}
		s := state(t, p)
		if s["playing"] != false {
			t.Errorf("under reduced motion sim.html started playing")
		}
		if params, _ := s["params"].(map[string]any); params["paused"] != nil {
			t.Errorf("state().params.paused = %v; the visitor's preference must not enter the permalink", params["paused"])
		}
	})
	t.Run("page", func(t *testing.T) {
		p := openReduced(t, "/clouds.html?speed=5", 1200, 900)
		p.win = iframeWin
		p.waitReady()
		waitState(t, p, "!s.playing", actionTimeout)
		waitPlayLabel(t, p, "Play")
		if v := eval[bool](t, p, `(() => { const b = document.getElementById("play"); const r = b.getBoundingClientRect(); return !b.disabled && r.width > 0 && r.height > 0; })()`); !v {
			t.Errorf("the Play button is not visible and enabled")
		}
		click(t, p, "#play")
		waitState(t, p, "s.playing", politeTimeout)
		waitPlayLabel(t, p, "Pause")
	})
	t.Run("embed", func(t *testing.T) {
		p := openReduced(t, "/embed.html?model=ot2x2&speed=1", 480, 640)
		p.win = iframeWin
		p.waitReady()
		waitState(t, p, "!s.playing", actionTimeout)
		waitPlayLabel(t, p, "Play")
	})
	// An embed whose run buttons are hidden still offers Play on the simulator itself, or a
	// visitor asking for reduced motion would face a still picture with nothing to start it.
	t.Run("embed hide=run", func(t *testing.T) {
		p := openReduced(t, "/embed.html?model=ot2x2&speed=1&hide=run", 480, 640)
		p.win = iframeWin
		p.waitReady()
		waitState(t, p, "!s.playing", actionTimeout)
		if v := eval[bool](t, p, `(() => { const b = document.getElementById("play"); const r = b.getBoundingClientRect(); return !!b.closest(".sim-frame") && !b.closest("[hidden]") && r.width > 0 && r.height > 0; })()`); !v {
			t.Fatal("no visible Play button on the simulator")
		}
		click(t, p, "#play")
		waitState(t, p, "s.playing", politeTimeout)
	})
	t.Run("paused=0", func(t *testing.T) {
		p := openReduced(t, "/sim.html?model=ot2x2&speed=1&paused=0", 800, 600)
		p.waitReady()
		if s := state(t, p); s["playing"] != true {
			t.Errorf("paused=0 under reduced motion: playing = %v, want true", s["playing"])
		}
	})
}

func waitPlayLabel(t *testing.T, p *page, want string) {
	t.Helper()
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`((document.querySelector("#play .btn-text") || {}).textContent || "").trim() === %q`, want),
		chromedp.WithPollingTimeout(5*time.Second), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Errorf("the Play button says %q, want %q", playLabel(t, p), want)
	}
}

// TestPoliteKeyboard: Space plays and pauses with the focus on the page, on a slider and in the
// simulator's canvas; the Play button is reached with Tab; Tab leaves the canvas (Ebiten
// cancels every key on its canvas, Tab included, which wasm/polite.go undoes).
func TestPoliteKeyboard(t *testing.T) {
	p := openPlaying(t, "/sinkhorn.html?speed=1&lambda=0.001")

	blur(t, p)
	key(t, p, " ")
	waitState(t, p, "!s.playing", politeTimeout)
	key(t, p, " ")
	waitState(t, p, "s.playing", politeTimeout)

	// On a slider (a control that is not a text field).
	eval[bool](t, p, `(document.getElementById("lambda-slider").focus(), document.activeElement.id === "lambda-slider")`)
	key(t, p, " ")
	waitState(t, p, "!s.playing", politeTimeout)
	key(t, p, " ")
	waitState(t, p, "s.playing", politeTimeout)

	// Tab from the top of the page reaches the Play button.
	blur(t, p)
	eval[bool](t, p, `(window.scrollTo(0, 0), true)`)
	found := 0
	for i := 1; i <= 60 && found == 0; i++ {
		key(t, p, "\t")
		if eval[bool](t, p, `document.activeElement && document.activeElement.id === "play"`) {
			found = i
		}
	}
	if found == 0 {
		t.Errorf("60 presses of Tab from the top of the page never reached the Play button")
	} else {
		t.Logf("the Play button is the %d. stop of Tab", found)
		key(t, p, " ") // Space on the focused button clicks it, once
		waitState(t, p, "!s.playing", politeTimeout)
		key(t, p, "\r")
		waitState(t, p, "s.playing", politeTimeout)
	}

	// In the canvas: Space toggles (the simulator reads it), and Tab leaves the frame. The
	// frame is scrolled into view first, or it would rest (and Chromium does not run the
	// animation frames of a frame out of view).
	scrollSim(t, p, false)
	waitState(t, p, "s.playing", politeTimeout)
	if !eval[bool](t, p, `(() => {
		const f = document.getElementById("sim");
		const d = f.contentDocument;
		const c = d && d.querySelector("canvas");
		if (!c) return false;
		f.focus();
		c.focus();
		return d.activeElement === c;
	})()`) {
		t.Fatal("could not focus the simulator's canvas")
	}
	holdKey(t, p, " ", "!s.playing")
	// Ebiten sees a key as pressed anew only if a frame saw it up: a release and the next press
	// within one frame (a loaded machine draws a few frames a second) would read as one long press.
	simFrames(t, p, 2)
	holdKey(t, p, " ", "s.playing")
	key(t, p, "\t")
	if eval[bool](t, p, `document.activeElement === document.getElementById("sim")`) {
		t.Errorf("Tab in the simulator's canvas left the focus in the frame (a keyboard trap); focus: %s",
			eval[string](t, p, `(() => { const d = document.getElementById("sim").contentDocument; return d.activeElement ? d.activeElement.tagName : "none"; })()`))
	} else {
		t.Logf("Tab from the canvas moved the focus to %s", eval[string](t, p, `(() => { const a = document.activeElement; return a ? a.tagName + "#" + a.id : "none"; })()`))
	}
}

func click(t *testing.T, p *page, sel string) {
	t.Helper()
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

func blur(t *testing.T, p *page) {
	t.Helper()
	eval[bool](t, p, `(document.activeElement && document.activeElement.blur(), true)`)
}

// key presses k. Space is sent as a key down and up with no "char" event: page.js cancels the
// keydown, which in a browser also cancels the keypress that would scroll the page, but a char
// event sent through the DevTools protocol arrives anyway and scrolls (seen here: the page
// scrolled by a screen, taking the frame out of view, and so resting the simulator).
func key(t *testing.T, p *page, k string) {
	t.Helper()
	if k == " " {
		pressKey(t, p, k)
		return
	}
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatalf("key %q: %v", k, err)
	}
}

// pressKey presses k (down, then up, with no char event).
func pressKey(t *testing.T, p *page, k string) {
	t.Helper()
	sendKey(t, p, k, true)
	sendKey(t, p, k, false)
}

// holdKey presses k and holds it until jsCond (as in waitState) is true. The simulator reads
// keys once a frame, and a press and release between two frames would go unseen; a frame can
// be slow on a loaded machine, so the key is held until the simulator has reacted.
func holdKey(t *testing.T, p *page, k, jsCond string) {
	t.Helper()
	sendKey(t, p, k, true)
	defer sendKey(t, p, k, false)
	waitState(t, p, jsCond, politeTimeout)
}

// simFrames waits for n animation frames of the simulator's window (Ebiten updates once a frame).
func simFrames(t *testing.T, p *page, n int) {
	t.Helper()
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	js := fmt.Sprintf(`new Promise((done) => {
		const w = document.getElementById("sim").contentWindow;
		let left = %d;
		const tick = () => (--left <= 0 ? done(true) : w.requestAnimationFrame(tick));
		w.requestAnimationFrame(tick);
	})`, n)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("waiting for %d frames of the simulator: %v", n, err)
	}
}

func sendKey(t *testing.T, p *page, k string, down bool) {
	t.Helper()
	ev := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: k,
		Code: map[string]string{" ": "Space"}[k], WindowsVirtualKeyCode: int64(k[0]), NativeVirtualKeyCode: int64(k[0])}
	if down {
		ev.Type = input.DispatchKeyEventTypeRawKeyDown
	}
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev)
		return err
	})); err != nil {
		t.Fatalf("key %q: %v", k, err)
	}
}

// TestPoliteEmbedScroll puts an embed below the fold of a long page: the simulator inside it
// (two frames deep) rests until the page is scrolled to it, since the embed's observer measures
// its frame against the top page's viewport.
func TestPoliteEmbedScroll(t *testing.T) {
	p := openPage(t, "/", 1000, 700)
	eval[bool](t, p, `(() => {
		document.body.textContent = "";
		const spacer = document.createElement("div");
		spacer.style.height = "2500px";
		const f = document.createElement("iframe");
		f.id = "outer";
		f.src = "embed.html?model=ot2x2&speed=1&lambda=0.02";
		f.width = "800";
		f.height = "560";
		f.title = "embedded simulator";
		document.body.append(spacer, f, Object.assign(document.createElement("div"), {style: "height: 2500px"}));
		return true;
	})()`)
	p.win = `document.getElementById("outer")?.contentDocument?.getElementById("sim")?.contentWindow`
	p.waitReady()
	// It may play for a frame before the embed's observer first reports.
	waitState(t, p, "!s.playing", politeTimeout)
	eval[bool](t, p, `(document.getElementById("outer").scrollIntoView(), true)`)
	waitState(t, p, "s.playing", politeTimeout)
	eval[bool](t, p, `(window.scrollTo(0, 0), true)`)
	waitState(t, p, "!s.playing", politeTimeout)
}
