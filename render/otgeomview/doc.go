// Package otgeomview draws the 2x2 geometry of Sinkhorn for a newcomer: the tetrahedron of
// 2x2 plans in 3-D with a vertex per cell, the plane M_p of plans whose rows sum to p (blue)
// and the plane M_q of plans whose columns sum to q (orange), their intersection U(p,q) in
// bold, a mesh of the surface E_K of rescaled kernels, Sinkhorn's zig-zag along E_K (each row
// projection in the colour of M_p, each column projection in that of M_q), P* and the LP plan
// marked; beside it a legend, the numbers of the Pythagorean relation for the last step and
// the current plan as four cells. A sentence on top says what the last step did.
//
// The scene reads a View filled by the simulator from core/otgeom and computes nothing about
// transport; it only projects the given 3-D points with the given camera.
package otgeomview
