// Package cloudview draws the point-cloud transport scene on a render.Canvas: two clouds in the
// plane at equal scale (A as filled blue discs, B as orange rings: the pair differs in shape as
// well as hue, so it reads without colour vision), the entropic plan as a line from a_i to b_j
// for every entry above a small threshold, darker and wider for more mass, a toggle that says
// which cloud a click adds to, and a readout with the numbers a student checks.
//
// The scene computes nothing about transport: the simulator (wasm/sim/otcloud.go) fills a View.
// Layout is pure arithmetic on the canvas size (text widths are estimated, not measured), so the
// simulator can hit-test pointer positions against exactly the geometry that was drawn.
package cloudview
