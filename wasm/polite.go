//go:build js && wasm

package main

import (
	"syscall/js"

	"solvable/wasm/sim"
)

// politeStart is the simulator's share of polite animation, done at start-up so that sim.html
// on its own, the model pages, embeds and the offline file all behave alike.
//
//   - A visitor who asked the system for reduced motion (prefers-reduced-motion: reduce) gets a
//     simulator that starts paused; the page's Play button then says Play. An explicit paused
//     in the URL wins either way (paused=0 plays, paused=1 stays paused), and the pause is not
//     written into state().params, so a permalink made from it still says what its author chose.
//   - Tab leaves the canvas. Ebiten cancels the default of every key pressed on its canvas, Tab
//     included, so keyboard focus that reached the canvas could never leave it (a keyboard
//     trap, WCAG 2.1.2). A listener that runs before Ebiten's stops Tab from reaching it, and
//     the browser moves focus on as usual, out of the frame into the page.
//
// Pausing when scrolled out of view or when the tab is hidden is the embedding page's part
// (assets/polite.js), since only it knows where the frame sits.
func politeStart(r *sim.Runner, lookup sim.Lookup) {
	if _, explicit := lookup("paused"); !explicit && reducedMotion() {
		r.Pause()
	}
	tab := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Get("key").String() == "Tab" {
			args[0].Call("stopImmediatePropagation")
		}
		return nil
	})
	opts := js.Global().Get("Object").New()
	opts.Set("capture", true)
	js.Global().Call("addEventListener", "keydown", tab, opts)
	js.Global().Call("addEventListener", "keyup", tab, opts)
}

// reducedMotion reports whether the visitor asked for reduced motion; false where the browser
// cannot say.
func reducedMotion() bool {
	mm := js.Global().Get("matchMedia")
	if mm.Type() != js.TypeFunction {
		return false
	}
	q := js.Global().Call("matchMedia", "(prefers-reduced-motion: reduce)")
	return q.Truthy() && q.Get("matches").Truthy()
}
