//go:build js && wasm

// Command wasm is the one simulator binary of the site: sim.html?model=NAME&... loads it, it
// reads the model and its parameters from the URL, steps the model inside Ebiten's Update under
// a time budget, draws it with the model's scene, and answers the page through window.solvable.
package main

import (
	"encoding/json"
	"sync"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"solvable/render/ebitencanvas"
	"solvable/wasm/sim"
	"solvable/wasm/simd"
)

// tickBudget is the stepping time per Update. At 60 ticks a second it leaves most of each
// frame to drawing and to the page, so the tab stays responsive on Go's single wasm thread.
const tickBudget = 8 * time.Millisecond

// callBudget bounds the work a single window.solvable.step(n) call does synchronously; the
// rest is done in later ticks.
const callBudget = 50 * time.Millisecond

type game struct {
	mu     sync.Mutex // window.solvable calls and Update never overlap on one thread; the lock documents it
	runner *sim.Runner
	canvas *ebitencanvas.Canvas
	w, h   float64 // CSS pixels
	scale  float64 // device pixels per CSS pixel
	drawn  bool
	// touching is set while a finger is down, so its lifting can be reported.
	touching bool
	// hoverX, hoverY are the last mouse position given to a Hoverer, so a still mouse costs nothing.
	hoverX, hoverY float64
	lastTick       time.Time
}

// maxTickGap caps the time one Update accounts for, so a tab that was in the background does
// not come back owing thousands of steps.
const maxTickGap = 0.1

func (g *game) Update() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pointer()
	g.keys()
	// One Update per frame (SyncWithFPS): Ebiten's fixed 60 TPS would run several Updates in a
	// slow frame to catch up, each with a full budget, and a slow GPU would then starve the page.
	now := time.Now()
	dt := 1.0 / 60
	budget := tickBudget
	if !g.lastTick.IsZero() {
		gap := now.Sub(g.lastTick)
		dt = min(gap.Seconds(), maxTickGap)
		budget = stepBudget(gap)
	}
	g.lastTick = now
	g.runner.Tick(dt, budget)
	return nil
}

// stepBudget is the stepping time of an Update that comes gap after the last one. Frames at
// 60 a second get tickBudget. When frames come much slower (a software-rendered or busy
// browser: headless Chromium on a loaded 2-core machine drew 2 to 4 frames a second), a
// quarter of the gap, up to three budgets, is spent stepping: the simulation keeps moving
// while the page keeps three quarters of each frame.
func stepBudget(gap time.Duration) time.Duration {
	if gap <= 4*tickBudget {
		return tickBudget
	}
	return min(gap/4, 3*tickBudget)
}

// pointer passes mouse or touch positions, in CSS pixels, to the model (for dragging bars).
// A lifted finger leaves no touch to read, so the end of a touch is sent explicitly.
func (g *game) pointer() {
	x, y, down := 0.0, 0.0, false
	if ids := ebiten.AppendTouchIDs(nil); len(ids) > 0 {
		tx, ty := ebiten.TouchPosition(ids[0])
		x, y, down = float64(tx), float64(ty), true
		g.touching = true
	} else if g.touching {
		g.touching = false
	} else {
		cx, cy := ebiten.CursorPosition()
		x, y = float64(cx), float64(cy)
		down = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
		if !down && !inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft) {
			g.hover(x, y)
			return
		}
	}
	if g.runner.Model.Pointer(x/g.scale, y/g.scale, g.w, g.h, down) {
		g.runner.MarkDirty()
	}
}

// hover passes a mouse that moved with no button down to a model that reads it (the λ sweep
// shows the values under the pointer); touch screens have no hover and use a press instead.
func (g *game) hover(x, y float64) {
	h, ok := g.runner.Model.(sim.Hoverer)
	if !ok || (x == g.hoverX && y == g.hoverY) {
		return
	}
	g.hoverX, g.hoverY = x, y
	if h.Hover(x/g.scale, y/g.scale, g.w, g.h) {
		g.runner.MarkDirty()
	}
}

// keys gives the canvas the page's keyboard shortcuts, for a visitor whose focus is inside
// the simulator: space plays or pauses, "." steps one projection, "r" resets.
func (g *game) keys() {
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeySpace):
		if g.runner.Playing {
			g.runner.Pause()
		} else {
			g.runner.Play()
		}
	case inpututil.IsKeyJustPressed(ebiten.KeyPeriod):
		g.runner.StepN(1, callBudget)
	case inpututil.IsKeyJustPressed(ebiten.KeyR):
		g.runner.Reset()
	}
}

func (g *game) Draw(screen *ebiten.Image) {
	g.mu.Lock()
	defer g.mu.Unlock()
	// The screen keeps its pixels between frames, so an unchanged picture is not redrawn.
	if !g.runner.TakeDirty() && g.drawn {
		return
	}
	g.canvas.Reset(screen, g.scale)
	g.runner.Model.Draw(g.canvas, g.runner.Err)
	g.drawn = true
}

func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	scale := ebiten.Monitor().DeviceScaleFactor()
	w, h := float64(outsideWidth), float64(outsideHeight)
	if w != g.w || h != g.h || scale != g.scale {
		g.w, g.h, g.scale = w, h, scale
		g.runner.MarkDirty()
	}
	return int(w * scale), int(h * scale)
}

func main() {
	// The page's WebAssembly SIMD kernels (assets/simd.js) replace core/rowmat's Go loops when
	// the browser has SIMD; otherwise nothing changes.
	simd.Install()
	search := js.Global().Get("location").Get("search")
	if q := js.Global().Get("solvableQuery"); q.Type() == js.TypeString { // the offline file's frame (assets/offline.js)
		search = q
	}
	query := js.Global().Get("URLSearchParams").New(search)
	lookup := func(k string) (string, bool) {
		if !query.Call("has", k).Bool() {
			return "", false
		}
		return query.Call("get", k).String(), true
	}
	g := &game{runner: sim.NewRunner(lookup, time.Now), canvas: ebitencanvas.New(), scale: 1}
	politeStart(g.runner, lookup)
	expose(g)
	installExport(g) // window.solvable.export (wasm/export.go)
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetTPS(ebiten.SyncWithFPS)
	ebiten.SetWindowTitle("Solvable")
	if err := ebiten.RunGame(g); err != nil {
		js.Global().Set("solvableLoadError", err.Error())
	}
}

// expose installs window.solvable. Each call takes the lock and returns at once; nothing in it
// waits on the event loop.
func expose(g *game) {
	api := js.Global().Get("Object").New()
	jsonParse := js.Global().Get("JSON").Get("parse")
	fn := func(f func(args []js.Value) any) js.Func {
		return js.FuncOf(func(_ js.Value, args []js.Value) any {
			g.mu.Lock()
			defer g.mu.Unlock()
			return f(args)
		})
	}
	api.Set("state", fn(func(args []js.Value) any {
		withPlan := true
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			if p := args[0].Get("plan"); p.Type() == js.TypeBoolean && !p.Bool() {
				withPlan = false
			}
		}
		b, err := json.Marshal(g.runner.State(withPlan))
		if err != nil {
			b, _ = json.Marshal(map[string]string{"error": "internal: state did not encode: " + err.Error()})
		}
		return jsonParse.Invoke(string(b))
	}))
	api.Set("set", fn(func(args []js.Value) any {
		if len(args) == 0 || args[0].Type() != js.TypeObject {
			return nil
		}
		params := map[string]string{}
		keys := js.Global().Get("Object").Call("keys", args[0])
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			v := args[0].Get(k)
			if v.IsNull() || v.IsUndefined() {
				params[k] = ""
			} else {
				params[k] = js.Global().Call("String", v).String()
			}
		}
		g.runner.Set(params)
		return nil
	}))
	api.Set("play", fn(func([]js.Value) any { g.runner.Play(); return nil }))
	api.Set("pause", fn(func([]js.Value) any { g.runner.Pause(); return nil }))
	api.Set("reset", fn(func([]js.Value) any { g.runner.Reset(); return nil }))
	api.Set("step", fn(func(args []js.Value) any {
		n := 1
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			n = args[0].Int()
		}
		g.runner.StepN(n, callBudget)
		return nil
	}))
	js.Global().Set("solvable", api)
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("solvable-ready"))
}
