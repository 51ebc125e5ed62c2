// Package plot draws charts on a render.Canvas: linear and log10 axes with tick choice, a
// frame with tick labels and axis labels, line series with gaps at NaN, heatmaps with a
// colour bar, and legends. It knows nothing about any model; scenes compose these pieces.
//
// Every function skips non-finite data and falls back to a sensible range when the data
// give none, so a scene can hand over raw solver output and never get NaN on screen.
package plot
