// Package render is the drawing layer shared by every scene: the Canvas interface that
// backends implement (Ebiten in the browser, a raster image for tests and static figures, a
// recorder for assertions), plus the small pieces scenes need around it: rectangles for
// layout, a light-background palette, a perceptually uniform colour map, pixel blocks,
// dashed lines and word wrapping.
//
// Colours are color.RGBA, which in Go is alpha-premultiplied: build translucent colours
// with WithAlpha rather than by setting the A field alone.
package render
