// Package sinkhornview draws a Sinkhorn run for a newcomer: the current plan P as a heatmap
// (rows are the source points x carrying p, columns the target points y carrying q), the
// target marginals as bars beside it (p to the left, one bar per row; q above, one bar per
// column) with the plan's current row and column sums outlined on top, so each projection
// visibly lands on one side; the L1 marginal error per projection on a log axis; and a
// readout of the numbers. Layout maps pointer positions back to bars so the simulator can
// let a visitor drag p or q into a new shape.
//
// The scene reads a View and computes nothing about transport: every number comes from the
// solver through the simulator.
package sinkhornview
