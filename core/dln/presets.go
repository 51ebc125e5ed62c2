package dln

import "solvable/core/param"

// Preset is a named problem worth looking at, as a URL query over the defaults. A ';' inside X
// is written %3B so that url.ParseQuery reads it.
type Preset = param.Preset

// Presets lists the named problems in the order a page offers them.
func Presets() []Preset {
	return []Preset{
		{Name: "line", Title: "One equation, two unknowns", Blurb: "x₁ + 2x₂ = 2 at α = 0.1: the flow leaves the origin and lands on the line of solutions between the L2 point (0.4, 0.8) and the L1 point (0, 1).",
			Query: "X=1,2&y=2&alpha=0.1"},
		{Name: "kernel", Title: "Kernel regime: α = 10", Blurb: "Large initialisation: the weights barely move and the flow ends at the minimum-L2 interpolator (3/7, 6/7, 9/7) of x₁ + 2x₂ + 3x₃ = 6.",
			Query: "X=1,2,3&y=6&alpha=10"},
		{Name: "rich", Title: "Rich regime: α = 0.001", Blurb: "Small initialisation: after a plateau one coordinate grows and the flow ends near the sparse minimum-L1 solution (0, 0, 2).",
			Query: "X=1,2,3&y=6&alpha=0.001"},
		{Name: "teacher", Title: "Sparse teacher, 100 unknowns", Blurb: "20 random equations, 100 unknowns, a teacher with 3 non-zeros; at α = 0.001 the flow recovers the teacher coordinate by coordinate.",
			Query: "n=20&d=100&k=3&seed=1&alpha=0.001"},
		{Name: "bigstep", Title: "Gradient descent, large step", Blurb: "GD with η = 0.02 at α = 0.5: the step shrinks the effective α coordinate by coordinate and bends the limit away from the flow's (η = 0.05 diverges: the stability bound is 0.0284).",
			Query: "X=1,2,3&y=6&alpha=0.5&algo=gd&eta=0.02"},
		{Name: "sgd", Title: "SGD, one row at a time", Blurb: "SGD with batch 1 on the sparse teacher at α = 0.1: per-row gradients shrink α_eff more than the full gradient does.",
			Query: "n=20&d=100&k=3&seed=1&alpha=0.1&algo=sgd&batch=1&eta=0.03"},
		{Name: "gr", Title: "Gradient regularisation", Blurb: "GD on L + (γ/2)‖∇L‖² with γ = 0.05 at α = 0.5: α_eff shrinks most where gradients are largest.",
			Query: "X=1,2,3&y=6&alpha=0.5&algo=gd&eta=0.001&gamma=0.05"},
		{Name: "depth3", Title: "Depth 3", Blurb: "β = w₊³ − w₋³ at α = 0.1: a deeper model is already nearly sparse at an α where depth 2 is not.",
			Query: "X=1,2,3&y=6&alpha=0.1&depth=3"},
		{Name: "sweep", Title: "α sweep, two equations", Blurb: "Two equations in five unknowns: ‖β∞‖₁ against α, from the minimum-L2 value 2.636 down towards the minimum-L1 value 2.",
			Query: "X=1,0.5,-1,2,0.3%3B0,1,1,-0.5,1&y=1,2&alpha=0.1&view=sweep"},
	}
}

// PresetByName finds a preset.
func PresetByName(name string) (Preset, bool) { return param.Find(Presets(), name) }

func presetNames() string { return param.Names(Presets()) }
