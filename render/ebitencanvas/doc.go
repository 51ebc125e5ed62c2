//go:build js && wasm

// Package ebitencanvas is the render.Canvas of the browser: it draws on an *ebiten.Image
// with anti-aliased strokes, pixel-snapped fills and rules, cached glyphs of Go Regular, and
// pixel blocks uploaded as textures (render.ImageDrawer).
//
// Coordinates arrive in CSS pixels and are multiplied by the device scale factor given to
// Reset, so scenes are laid out in CSS pixels and still drawn sharply on HiDPI screens.
//
// Text is rasterised with golang.org/x/image/font/opentype (the same code and metrics as
// render/rastercanvas) rather than ebiten/v2/text/v2: text/v2 pulls in go-text/typesetting,
// which measured +4 MB raw and +0.6 MB brotli on the wasm binary, and the module would need
// two more requirements.
//
// The package builds only for js/wasm, so that native `go test ./...` never links Ebiten
// (which needs X11 on Linux).
package ebitencanvas
