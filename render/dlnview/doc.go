// Package dlnview draws a diagonal linear network run (β = w₊^D − w₋^D, started from
// w₊ = w₋ = α) for a student, in one of three pictures chosen by View.Mode:
//
//   - ModeLine (d = 2, n = 1): the plane of (β₁, β₂) at equal scales, the line of solutions
//     Xβ = y, the smallest L2 ball (a circle) and L1 ball (a diamond) touching it, the path of
//     the iterate from the origin, and the limits argmin Q_α for every α as a stretch of the
//     line ticked by α, so the limit is seen sliding from the min-L2 point (large α) to the
//     min-L1 point (small α).
//   - ModeCoef (high dimension): β_i(t) for the coordinates in ShownIndex, the others as a
//     grey band, with each coordinate's limit and teacher value marked at the right edge; the
//     loss on a log axis; the effective α per coordinate against the starting α.
//   - ModeSweep: |β|₁ of the limit and the test error against α on a log axis, theory curves
//     with simulated runs as dots and the kernel (min-L2) and rich (min-L1) limits as dashed
//     asymptotes; and the shape of the penalty q(z).
//
// Each picture has a header sentence saying what is shown and a readout of the numbers. The
// scene reads a View and computes no dynamics or theory: norms and distances of the vectors
// it is given are the only arithmetic it does.
package dlnview
