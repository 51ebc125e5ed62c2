// Package sim is the model-independent half of the simulator: the registry of models, the
// runner that steps a model under a time budget at a chosen speed, and the JSON-ready state the
// page reads through window.solvable. It has no syscall/js or Ebiten import, so everything but
// the last inch of glue (wasm/main.go) is tested natively.
package sim
