//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"solvable/wasm/sim"
)

// installExport adds window.solvable.export(kind) for kind "csv", "png" or "svg": it returns
// {filename, mime, data} (data is text for CSV and SVG, base64 for PNG), or {error} with a
// sentence when the export cannot be made. Pictures are drawn by Go at the canvas's current
// CSS size (PNG at the device pixel ratio), not read back from WebGL. Call it after expose.
func installExport(g *game) {
	api := js.Global().Get("solvable")
	if api.IsUndefined() || api.IsNull() {
		return
	}
	api.Set("export", js.FuncOf(func(_ js.Value, args []js.Value) any {
		g.mu.Lock()
		defer g.mu.Unlock()
		out := js.Global().Get("Object").New()
		kind := ""
		if len(args) > 0 && args[0].Type() == js.TypeString {
			kind = args[0].String()
		}
		w, h, scale := g.w, g.h, g.scale
		if !(w >= 1 && h >= 1) {
			// Before the first layout: the canvas element's own size.
			if c := js.Global().Get("document").Call("querySelector", "canvas"); c.Truthy() {
				w, h = c.Get("clientWidth").Float(), c.Get("clientHeight").Float()
			}
			if dpr := js.Global().Get("devicePixelRatio"); dpr.Type() == js.TypeNumber {
				scale = dpr.Float()
			}
		}
		ex, err := sim.ExportFile(g.runner, kind, w, h, scale, time.Now())
		if err != nil {
			out.Set("error", err.Error())
			return out
		}
		out.Set("filename", ex.Filename)
		out.Set("mime", ex.MIME)
		out.Set("data", ex.Data)
		return out
	}))
}
