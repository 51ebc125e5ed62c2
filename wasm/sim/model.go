package sim

import (
	"net/url"

	"fmt"
	"sort"
	"strings"

	"solvable/render"
)

// Lookup returns a URL parameter's value and whether it is present at all.
type Lookup = func(key string) (value string, present bool)

// Model is one simulator: a solver, its parameters and its scene.
type Model interface {
	// Name is the value of the model URL parameter.
	Name() string
	// Configure replaces the parameters by those in get (URL query semantics) and restarts.
	// On error the model keeps its last good problem (if any) and the error names the parameter.
	Configure(lookup Lookup) error
	// Params is the canonical query of the current problem (for permalinks and state().params).
	Params() map[string]string
	// Reset returns to the first iterate of the current problem.
	Reset()
	// Step advances by the model's unit of work (for Sinkhorn: one e-projection).
	Step()
	// Settled reports that stepping has nothing left to do (converged, or nothing to solve).
	Settled() bool
	// Background does secondary work once the main run has settled (for Sinkhorn: the two
	// symmetric problems of the debiased divergence), in small pieces while more() allows. It
	// reports whether it did anything (the picture changed).
	Background(more func() bool) bool
	// State adds the model's fields to a state snapshot.
	State(st map[string]any, withPlan bool)
	// Draw draws the scene; errText, when not empty, is the error to show in words.
	Draw(c render.Canvas, errText string)
	// DefaultSpeed is the speed when the URL names none.
	DefaultSpeed() Speed
	// Issue is a problem that arose while running (for GD: a step size that diverges), in
	// words, with the parameter that fixes it; empty when there is none.
	Issue() (msg, param string)
	// Pointer feeds a pointer position in CSS pixels of a canvas of size w x h, and whether the
	// primary button or a touch is down. It reports whether the picture changed.
	Pointer(x, y, w, h float64, down bool) bool
}

// Hoverer is a Model that also reads a mouse moving with no button down (CSS pixels of a w x h
// canvas), reporting whether the picture changed.
type Hoverer interface {
	Hover(x, y, w, h float64) bool
}

var registry = map[string]func() Model{}

// Register adds a model constructor under its URL name.
func Register(name string, make func() Model) { registry[name] = make }

// Names lists the registered models.
func Names() []string {
	var out []string
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// NewModel returns a fresh model by URL name.
func NewModel(name string) (Model, error) {
	if name == "" {
		name = "sinkhorn"
	}
	mk, ok := registry[name]
	if !ok {
		return nil, &ParamError{Param: "model", Msg: fmt.Sprintf("There is no model called %q; the models are %s.", name, strings.Join(Names(), ", "))}
	}
	return mk(), nil
}

// ParamError is an error about one URL parameter.
type ParamError struct {
	Param string
	Msg   string
}

func (e *ParamError) Error() string { return e.Msg }

// paramsOf is a model's canonical query (from its Encode) as the map state().params holds.
func paramsOf(model, query string) map[string]string {
	out := map[string]string{"model": model}
	vals, _ := url.ParseQuery(query)
	for k := range vals {
		out[k] = vals.Get(k)
	}
	return out
}
