package dln

import "strings"

// Preset is a named problem worth looking at, as a URL query over the defaults (the same shape
// as core/sinkhorn.Preset). A ';' inside X is written %3B so that url.ParseQuery reads it.
type Preset struct {
	Name  string
	Title string
	Blurb string
	Query string
}

// Presets lists the named problems in the order a page offers them.
func Presets() []Preset {
	return []Preset{
		{"line", "One equation, two unknowns", "x₁ + 2x₂ = 2 at α = 0.1: the flow leaves the origin and lands on the line of solutions between the L2 point (0.4, 0.8) and the L1 point (0, 1).",
			"X=1,2&y=2&alpha=0.1"},
		{"kernel", "Kernel regime: α = 10", "Large initialisation: the weights barely move and the flow ends at the minimum-L2 interpolator (3/7, 6/7, 9/7) of x₁ + 2x₂ + 3x₃ = 6.",
			"X=1,2,3&y=6&alpha=10"},
		{"rich", "Rich regime: α = 0.001", "Small initialisation: after a plateau one coordinate grows and the flow ends near the sparse minimum-L1 solution (0, 0, 2).",
			"X=1,2,3&y=6&alpha=0.001"},
		{"teacher", "Sparse teacher, 100 unknowns", "20 random equations, 100 unknowns, a teacher with 3 non-zeros; at α = 0.001 the flow recovers the teacher coordinate by coordinate.",
			"n=20&d=100&k=3&seed=1&alpha=0.001"},
		{"bigstep", "Gradient descent, large step", "GD with η = 0.02 at α = 0.5: the step shrinks the effective α coordinate by coordinate and bends the limit away from the flow's (η = 0.05 diverges: the stability bound is 0.0284).",
			"X=1,2,3&y=6&alpha=0.5&algo=gd&eta=0.02"},
		{"sgd", "SGD, one row at a time", "SGD with batch 1 on the sparse teacher at α = 0.1: per-row gradients shrink α_eff more than the full gradient does.",
			"n=20&d=100&k=3&seed=1&alpha=0.1&algo=sgd&batch=1&eta=0.03"},
		{"gr", "Gradient regularisation", "GD on L + (γ/2)‖∇L‖² with γ = 0.05 at α = 0.5: α_eff shrinks most where gradients are largest.",
			"X=1,2,3&y=6&alpha=0.5&algo=gd&eta=0.001&gamma=0.05"},
		{"depth3", "Depth 3", "β = w₊³ − w₋³ at α = 0.1: a deeper model is already nearly sparse at an α where depth 2 is not.",
			"X=1,2,3&y=6&alpha=0.1&depth=3"},
		{"sweep", "α sweep, two equations", "Two equations in five unknowns: ‖β∞‖₁ against α, from the minimum-L2 value 2.636 down towards the minimum-L1 value 2.",
			"X=1,0.5,-1,2,0.3%3B0,1,1,-0.5,1&y=1,2&alpha=0.1&view=sweep"},
	}
}

// PresetByName finds a preset.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

func presetNames() string {
	var names []string
	for _, p := range Presets() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}
