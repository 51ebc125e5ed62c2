;; kernels.wat: the WebAssembly SIMD (f64x2) kernels behind core/rowmat in the browser.
;;
;; build.sh assembles it twice (wabt's wat2wasm): as it is into simd.wasm, and with every line
;; that ends in ";; madd" rewritten from (f64x2.add (f64x2.mul a b) c) to the relaxed-SIMD fused
;; multiply-add (f64x2.relaxed_madd a b c) into simd-fma.wasm (wat2wasm --enable-relaxed-simd).
;; Only the matrix products' inner loops are marked: there one vfmadd replaces a vmulpd and a
;; vaddpd, which makes them about a quarter faster under V8 on x86-64; everywhere else the
;; kernels are bound by memory and keep the plain form. assets/simd.js takes simd-fma.wasm where
;; it validates (browsers with relaxed SIMD) and simd.wasm otherwise.
;;
;; The module has no memory of its own: it imports the Go instance's memory
;; (instance.exports.mem, passed in by assets/simd.js as env.memory), so the kernels read and
;; write Go's slices in place. Every pointer is a byte address in that memory, every length a
;; count of float64 values; nothing here allocates, so the Go heap may grow between calls (the
;; import is the Memory object, not one of its buffers).
;;
;; Exports (x, y, a, ... pointers; n, m, p, rows counts):
;;   dot(x, y, n) f64                    sum_i x[i] y[i]
;;   axpy(alpha, x, y, n)                y[i] += alpha x[i]
;;   mulrows(a, m, rows, x, dst)         dst[r] = sum_j a[r*m+j] x[j], r < rows
;;   accrows(a, m, rows, x, acc)         acc[j] += sum_r x[r] a[r*m+j], r < rows
;;   mulnt(A, B, m, n, p, C, scratch)    C = A B^T   (A m x p, B n x p, C m x n, row-major)
;;   mulnnadd(A, B, m, n, p, C, scratch) C += A B    (A m x p, B p x n, C m x n, row-major)
;; The two matrix products need scratch space of 8 (p + m) float64 values.
;;
;; Rounding: axpy and accrows add in exactly the order of the Go loops in core/rowmat, so they
;; agree with them bit for bit; dot, mulrows and the matrix products split each sum into
;; interleaved partial sums (and the fused form rounds once per multiply-add), so they agree to
;; a few ulps times the length.
(module
  (import "env" "memory" (memory 0))

  (func $hsum (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; ------------------------------------------------------------------ vectors

  (func $dot (export "dot") (param $x i32) (param $y i32) (param $n i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $end i32) (local $s f64)
    (local.set $end (i32.add (local.get $x)
      (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $a0 (f64x2.add (local.get $a0)
        (f64x2.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
      (local.set $a1 (f64x2.add (local.get $a1)
        (f64x2.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y)))))
      (local.set $a2 (f64x2.add (local.get $a2)
        (f64x2.mul (v128.load offset=32 (local.get $x)) (v128.load offset=32 (local.get $y)))))
      (local.set $a3 (f64x2.add (local.get $a3)
        (f64x2.mul (v128.load offset=48 (local.get $x)) (v128.load offset=48 (local.get $y)))))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $y (i32.add (local.get $y) (i32.const 64)))
      (br $next)))
    (local.set $s (call $hsum (f64x2.add
      (f64x2.add (local.get $a0) (local.get $a1))
      (f64x2.add (local.get $a2) (local.get $a3)))))
    (local.set $end (i32.add (local.get $x)
      (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $s (f64.add (local.get $s)
        (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))
      (local.set $x (i32.add (local.get $x) (i32.const 8)))
      (local.set $y (i32.add (local.get $y) (i32.const 8)))
      (br $next)))
    (local.get $s))

  (func $axpy (export "axpy") (param $alpha f64) (param $x i32) (param $y i32) (param $n i32)
    (local $va v128) (local $end i32)
    (local.set $va (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $x)
      (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $y) (f64x2.add (v128.load (local.get $y))
        (f64x2.mul (local.get $va) (v128.load (local.get $x)))))
      (v128.store offset=16 (local.get $y) (f64x2.add (v128.load offset=16 (local.get $y))
        (f64x2.mul (local.get $va) (v128.load offset=16 (local.get $x)))))
      (local.set $x (i32.add (local.get $x) (i32.const 32)))
      (local.set $y (i32.add (local.get $y) (i32.const 32)))
      (br $next)))
    (local.set $end (i32.add (local.get $x)
      (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 3))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (f64.store (local.get $y) (f64.add (f64.load (local.get $y))
        (f64.mul (local.get $alpha) (f64.load (local.get $x)))))
      (local.set $x (i32.add (local.get $x) (i32.const 8)))
      (local.set $y (i32.add (local.get $y) (i32.const 8)))
      (br $next))))

  ;; ------------------------------------------------------------------ row blocks (Sinkhorn)

  ;; mulrows: four rows at a time, so each load of x serves four rows.
  (func (export "mulrows") (param $a i32) (param $m i32) (param $rows i32) (param $x i32) (param $dst i32)
    (local $stride i32) (local $r i32) (local $xp i32) (local $xend i32) (local $xv v128)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $xs f64)
    (local.set $stride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $xend (i32.add (local.get $x)
      (i32.shl (i32.and (local.get $m) (i32.const -2)) (i32.const 3))))
    (block $rdone (loop $rnext
      (br_if $rdone (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
      (local.set $p0 (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
      (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
      (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
      (local.set $c0 (v128.const i64x2 0 0))
      (local.set $c1 (v128.const i64x2 0 0))
      (local.set $c2 (v128.const i64x2 0 0))
      (local.set $c3 (v128.const i64x2 0 0))
      (local.set $xp (local.get $x))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $xp) (local.get $xend)))
        (local.set $xv (v128.load (local.get $xp)))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (v128.load (local.get $p0)) (local.get $xv))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (v128.load (local.get $p1)) (local.get $xv))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (v128.load (local.get $p2)) (local.get $xv))))
        (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (v128.load (local.get $p3)) (local.get $xv))))
        (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
        (br $next)))
      (local.set $s0 (call $hsum (local.get $c0)))
      (local.set $s1 (call $hsum (local.get $c1)))
      (local.set $s2 (call $hsum (local.get $c2)))
      (local.set $s3 (call $hsum (local.get $c3)))
      (if (i32.and (local.get $m) (i32.const 1)) (then
        (local.set $xs (f64.load (local.get $xp)))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $p0)) (local.get $xs))))
        (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load (local.get $p1)) (local.get $xs))))
        (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load (local.get $p2)) (local.get $xs))))
        (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load (local.get $p3)) (local.get $xs))))))
      (local.set $xp (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
      (f64.store (local.get $xp) (local.get $s0))
      (f64.store offset=8 (local.get $xp) (local.get $s1))
      (f64.store offset=16 (local.get $xp) (local.get $s2))
      (f64.store offset=24 (local.get $xp) (local.get $s3))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $rnext)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
      (f64.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3)))
        (call $dot (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $stride)))
          (local.get $x) (local.get $m)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next))))

  ;; accrows: four rows at a time, adding acc + (((x0 r0 + x1 r1) + x2 r2) + x3 r3) as the Go
  ;; loop does, so each load and store of acc serves four rows.
  (func (export "accrows") (param $a i32) (param $m i32) (param $rows i32) (param $x i32) (param $acc i32)
    (local $stride i32) (local $r i32) (local $ap i32) (local $aend i32) (local $xr i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $stride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $aend (i32.add (local.get $acc)
      (i32.shl (i32.and (local.get $m) (i32.const -2)) (i32.const 3))))
    (block $rdone (loop $rnext
      (br_if $rdone (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
      (local.set $p0 (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
      (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
      (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
      (local.set $xr (i32.add (local.get $x) (i32.shl (local.get $r) (i32.const 3))))
      (local.set $s0 (v128.load64_splat (local.get $xr)))
      (local.set $s1 (v128.load64_splat offset=8 (local.get $xr)))
      (local.set $s2 (v128.load64_splat offset=16 (local.get $xr)))
      (local.set $s3 (v128.load64_splat offset=24 (local.get $xr)))
      (local.set $ap (local.get $acc))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $ap) (local.get $aend)))
        (v128.store (local.get $ap) (f64x2.add (v128.load (local.get $ap))
          (f64x2.add
            (f64x2.add
              (f64x2.add
                (f64x2.mul (local.get $s0) (v128.load (local.get $p0)))
                (f64x2.mul (local.get $s1) (v128.load (local.get $p1))))
              (f64x2.mul (local.get $s2) (v128.load (local.get $p2))))
            (f64x2.mul (local.get $s3) (v128.load (local.get $p3))))))
        (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
        (br $next)))
      (if (i32.and (local.get $m) (i32.const 1)) (then
        (f64.store (local.get $ap) (f64.add (f64.load (local.get $ap))
          (f64.add
            (f64.add
              (f64.add
                (f64.mul (f64.load (local.get $xr)) (f64.load (local.get $p0)))
                (f64.mul (f64.load offset=8 (local.get $xr)) (f64.load (local.get $p1))))
              (f64.mul (f64.load offset=16 (local.get $xr)) (f64.load (local.get $p2))))
            (f64.mul (f64.load offset=24 (local.get $xr)) (f64.load (local.get $p3))))))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $rnext)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
      (call $axpy (f64.load (i32.add (local.get $x) (i32.shl (local.get $r) (i32.const 3))))
        (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $stride)))
        (local.get $acc) (local.get $m))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next))))

  ;; ------------------------------------------------------------------ matrix products (NTK)
  ;;
  ;; Both products go panel by panel: eight columns of the result at a time, for which the
  ;; matching part of B is first copied into a contiguous p x 8 panel (so the inner loop reads it
  ;; sequentially and from cache, whatever B's stride), then every row pair of A is multiplied by
  ;; the panel in registers: eight f64x2 accumulators hold a 2 x 8 block of C for the whole sum
  ;; over q, and each of A's entries is loaded once per panel.

  ;; packnn: panel[q][c] = B[q][c] (c < w), 0 (w <= c < 8); b points at B[0][j], ldb in bytes.
  (func $packnn (param $b i32) (param $ldb i32) (param $p i32) (param $w i32) (param $panel i32)
    (local $q i32) (local $c i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $q) (local.get $p)))
      (if (i32.eq (local.get $w) (i32.const 8))
        (then
          (v128.store (local.get $panel) (v128.load (local.get $b)))
          (v128.store offset=16 (local.get $panel) (v128.load offset=16 (local.get $b)))
          (v128.store offset=32 (local.get $panel) (v128.load offset=32 (local.get $b)))
          (v128.store offset=48 (local.get $panel) (v128.load offset=48 (local.get $b))))
        (else
          (local.set $c (i32.const 0))
          (block $cdone (loop $cnext
            (br_if $cdone (i32.ge_s (local.get $c) (i32.const 8)))
            (f64.store (i32.add (local.get $panel) (i32.shl (local.get $c) (i32.const 3)))
              (if (result f64) (i32.lt_s (local.get $c) (local.get $w))
                (then (f64.load (i32.add (local.get $b) (i32.shl (local.get $c) (i32.const 3)))))
                (else (f64.const 0))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $cnext)))))
      (local.set $b (i32.add (local.get $b) (local.get $ldb)))
      (local.set $panel (i32.add (local.get $panel) (i32.const 64)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next))))

  ;; packnt: panel[q][c] = B[c][q] (c < w), 0 (w <= c < 8); b points at B[j][0], ldb in bytes.
  ;; Two rows and two q at a time, transposed by lane shuffles.
  (func $packnt (param $b i32) (param $ldb i32) (param $p i32) (param $w i32) (param $panel i32)
    (local $c i32) (local $r0 i32) (local $r1 i32) (local $dst i32) (local $end i32)
    (local $u v128) (local $v v128) (local $q i32)
    (local.set $c (i32.const 0))
    ;; column pairs that are both in B
    (block $cdone (loop $cnext
      (br_if $cdone (i32.gt_s (i32.add (local.get $c) (i32.const 2)) (local.get $w)))
      (local.set $r0 (i32.add (local.get $b) (i32.mul (local.get $c) (local.get $ldb))))
      (local.set $r1 (i32.add (local.get $r0) (local.get $ldb)))
      (local.set $dst (i32.add (local.get $panel) (i32.shl (local.get $c) (i32.const 3))))
      (local.set $end (i32.add (local.get $r0)
        (i32.shl (i32.and (local.get $p) (i32.const -2)) (i32.const 3))))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $r0) (local.get $end)))
        (local.set $u (v128.load (local.get $r0))) ;; B[c][q], B[c][q+1]
        (local.set $v (v128.load (local.get $r1))) ;; B[c+1][q], B[c+1][q+1]
        (v128.store (local.get $dst)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $u) (local.get $v)))
        (v128.store offset=64 (local.get $dst)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $u) (local.get $v)))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
        (br $next)))
      (if (i32.and (local.get $p) (i32.const 1)) (then
        (f64.store (local.get $dst) (f64.load (local.get $r0)))
        (f64.store offset=8 (local.get $dst) (f64.load (local.get $r1)))))
      (local.set $c (i32.add (local.get $c) (i32.const 2)))
      (br $cnext)))
    ;; single columns: the last one of an odd w, then zeros up to 8
    (block $cdone (loop $cnext
      (br_if $cdone (i32.ge_s (local.get $c) (i32.const 8)))
      (local.set $r0 (i32.add (local.get $b) (i32.mul (local.get $c) (local.get $ldb))))
      (local.set $dst (i32.add (local.get $panel) (i32.shl (local.get $c) (i32.const 3))))
      (local.set $q (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_s (local.get $q) (local.get $p)))
        (f64.store (local.get $dst)
          (if (result f64) (i32.lt_s (local.get $c) (local.get $w))
            (then (f64.load (local.get $r0)))
            (else (f64.const 0))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cnext))))

  ;; kern2: rows a0, a1 of A (p entries each) times the p x 8 panel, into the 8 values at c0
  ;; and at c1 (added to them if accum, else overwriting them).
  (func $kern2 (param $a0 i32) (param $a1 i32) (param $p i32) (param $panel i32)
    (param $c0 i32) (param $c1 i32) (param $accum i32)
    (local $end i32) (local $s v128) (local $t v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (if (local.get $accum) (then
      (local.set $x0 (v128.load (local.get $c0)))
      (local.set $x1 (v128.load offset=16 (local.get $c0)))
      (local.set $x2 (v128.load offset=32 (local.get $c0)))
      (local.set $x3 (v128.load offset=48 (local.get $c0)))
      (local.set $y0 (v128.load (local.get $c1)))
      (local.set $y1 (v128.load offset=16 (local.get $c1)))
      (local.set $y2 (v128.load offset=32 (local.get $c1)))
      (local.set $y3 (v128.load offset=48 (local.get $c1)))))
    (local.set $end (i32.add (local.get $panel) (i32.shl (local.get $p) (i32.const 6))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $panel) (local.get $end)))
      (local.set $b0 (v128.load (local.get $panel)))
      (local.set $b1 (v128.load offset=16 (local.get $panel)))
      (local.set $b2 (v128.load offset=32 (local.get $panel)))
      (local.set $b3 (v128.load offset=48 (local.get $panel)))
      (local.set $s (v128.load64_splat (local.get $a0)))
      (local.set $x0 (f64x2.add (f64x2.mul (local.get $s) (local.get $b0)) (local.get $x0))) ;; madd
      (local.set $x1 (f64x2.add (f64x2.mul (local.get $s) (local.get $b1)) (local.get $x1))) ;; madd
      (local.set $x2 (f64x2.add (f64x2.mul (local.get $s) (local.get $b2)) (local.get $x2))) ;; madd
      (local.set $x3 (f64x2.add (f64x2.mul (local.get $s) (local.get $b3)) (local.get $x3))) ;; madd
      (local.set $t (v128.load64_splat (local.get $a1)))
      (local.set $y0 (f64x2.add (f64x2.mul (local.get $t) (local.get $b0)) (local.get $y0))) ;; madd
      (local.set $y1 (f64x2.add (f64x2.mul (local.get $t) (local.get $b1)) (local.get $y1))) ;; madd
      (local.set $y2 (f64x2.add (f64x2.mul (local.get $t) (local.get $b2)) (local.get $y2))) ;; madd
      (local.set $y3 (f64x2.add (f64x2.mul (local.get $t) (local.get $b3)) (local.get $y3))) ;; madd
      (local.set $a0 (i32.add (local.get $a0) (i32.const 8)))
      (local.set $a1 (i32.add (local.get $a1) (i32.const 8)))
      (local.set $panel (i32.add (local.get $panel) (i32.const 64)))
      (br $next)))
    (v128.store (local.get $c0) (local.get $x0))
    (v128.store offset=16 (local.get $c0) (local.get $x1))
    (v128.store offset=32 (local.get $c0) (local.get $x2))
    (v128.store offset=48 (local.get $c0) (local.get $x3))
    (v128.store (local.get $c1) (local.get $y0))
    (v128.store offset=16 (local.get $c1) (local.get $y1))
    (v128.store offset=32 (local.get $c1) (local.get $y2))
    (v128.store offset=48 (local.get $c1) (local.get $y3)))

  ;; kern1: kern2 for a single row.
  (func $kern1 (param $a0 i32) (param $p i32) (param $panel i32) (param $c0 i32) (param $accum i32)
    (local $end i32) (local $s v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (if (local.get $accum) (then
      (local.set $x0 (v128.load (local.get $c0)))
      (local.set $x1 (v128.load offset=16 (local.get $c0)))
      (local.set $x2 (v128.load offset=32 (local.get $c0)))
      (local.set $x3 (v128.load offset=48 (local.get $c0)))))
    (local.set $end (i32.add (local.get $panel) (i32.shl (local.get $p) (i32.const 6))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $panel) (local.get $end)))
      (local.set $s (v128.load64_splat (local.get $a0)))
      (local.set $x0 (f64x2.add (f64x2.mul (local.get $s) (v128.load (local.get $panel))) (local.get $x0))) ;; madd
      (local.set $x1 (f64x2.add (f64x2.mul (local.get $s) (v128.load offset=16 (local.get $panel))) (local.get $x1))) ;; madd
      (local.set $x2 (f64x2.add (f64x2.mul (local.get $s) (v128.load offset=32 (local.get $panel))) (local.get $x2))) ;; madd
      (local.set $x3 (f64x2.add (f64x2.mul (local.get $s) (v128.load offset=48 (local.get $panel))) (local.get $x3))) ;; madd
      (local.set $a0 (i32.add (local.get $a0) (i32.const 8)))
      (local.set $panel (i32.add (local.get $panel) (i32.const 64)))
      (br $next)))
    (v128.store (local.get $c0) (local.get $x0))
    (v128.store offset=16 (local.get $c0) (local.get $x1))
    (v128.store offset=32 (local.get $c0) (local.get $x2))
    (v128.store offset=48 (local.get $c0) (local.get $x3)))

  ;; copycols: w values of each of m rows from src (row stride ls bytes) to dst (stride ld),
  ;; with zeros up to 8 values in dst if pad.
  (func $copycols (param $src i32) (param $ls i32) (param $dst i32) (param $ld i32)
    (param $m i32) (param $w i32) (param $pad i32)
    (local $i i32) (local $c i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
      (local.set $c (i32.const 0))
      (block $cdone (loop $cnext
        (br_if $cdone (i32.ge_s (local.get $c) (local.get $w)))
        (f64.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3)))
          (f64.load (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cnext)))
      (if (local.get $pad) (then
        (block $cdone (loop $cnext
          (br_if $cdone (i32.ge_s (local.get $c) (i32.const 8)))
          (f64.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))) (f64.const 0))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cnext)))))
      (local.set $src (i32.add (local.get $src) (local.get $ls)))
      (local.set $dst (i32.add (local.get $dst) (local.get $ld)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))

  ;; panelmul: the m x w block of C at c (row stride ldc bytes) = (or +=, if accum) A times the
  ;; panel. A block narrower than 8 goes through cbuf (m x 8 values). (Splitting the sum over q
  ;; into chunks that keep the panel in L1, or reading C only at the end of kern2, measured no
  ;; faster under V8 on the NTK network's shapes, so neither is done.)
  (func $panelmul (param $a i32) (param $lda i32) (param $m i32) (param $p i32) (param $panel i32)
    (param $c i32) (param $ldc i32) (param $w i32) (param $accum i32) (param $cbuf i32)
    (local $t i32) (local $lt i32) (local $i i32) (local $ai i32)
    (if (i32.eq (local.get $w) (i32.const 8))
      (then (local.set $t (local.get $c)) (local.set $lt (local.get $ldc)))
      (else
        (local.set $t (local.get $cbuf)) (local.set $lt (i32.const 64))
        (if (local.get $accum) (then
          (call $copycols (local.get $c) (local.get $ldc) (local.get $cbuf) (i32.const 64)
            (local.get $m) (local.get $w) (i32.const 1))))))
    (block $done (loop $next
      (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $m)))
      (local.set $ai (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
      (call $kern2 (local.get $ai) (i32.add (local.get $ai) (local.get $lda)) (local.get $p) (local.get $panel)
        (i32.add (local.get $t) (i32.mul (local.get $i) (local.get $lt)))
        (i32.add (local.get $t) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $lt)))
        (local.get $accum))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $next)))
    (if (i32.lt_s (local.get $i) (local.get $m)) (then
      (call $kern1 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))) (local.get $p)
        (local.get $panel) (i32.add (local.get $t) (i32.mul (local.get $i) (local.get $lt))) (local.get $accum))))
    (if (i32.lt_s (local.get $w) (i32.const 8)) (then
      (call $copycols (local.get $cbuf) (i32.const 64) (local.get $c) (local.get $ldc)
        (local.get $m) (local.get $w) (i32.const 0)))))

  ;; mulnt: C = A B^T with A m x p, B n x p, C m x n.
  (func (export "mulnt") (param $A i32) (param $B i32) (param $m i32) (param $n i32) (param $p i32)
    (param $C i32) (param $scratch i32)
    (local $j i32) (local $w i32) (local $lp i32) (local $cbuf i32)
    (local.set $lp (i32.shl (local.get $p) (i32.const 3)))
    (local.set $cbuf (i32.add (local.get $scratch) (i32.shl (local.get $p) (i32.const 6))))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
      (local.set $w (i32.sub (local.get $n) (local.get $j)))
      (if (i32.gt_s (local.get $w) (i32.const 8)) (then (local.set $w (i32.const 8))))
      (call $packnt (i32.add (local.get $B) (i32.mul (local.get $j) (local.get $lp))) (local.get $lp)
        (local.get $p) (local.get $w) (local.get $scratch))
      (call $panelmul (local.get $A) (local.get $lp) (local.get $m) (local.get $p) (local.get $scratch)
        (i32.add (local.get $C) (i32.shl (local.get $j) (i32.const 3))) (i32.shl (local.get $n) (i32.const 3))
        (local.get $w) (i32.const 0) (local.get $cbuf))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $next))))

  ;; mulnnadd: C += A B with A m x p, B p x n, C m x n.
  (func (export "mulnnadd") (param $A i32) (param $B i32) (param $m i32) (param $n i32) (param $p i32)
    (param $C i32) (param $scratch i32)
    (local $j i32) (local $w i32) (local $ln i32) (local $cbuf i32)
    (local.set $ln (i32.shl (local.get $n) (i32.const 3)))
    (local.set $cbuf (i32.add (local.get $scratch) (i32.shl (local.get $p) (i32.const 6))))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
      (local.set $w (i32.sub (local.get $n) (local.get $j)))
      (if (i32.gt_s (local.get $w) (i32.const 8)) (then (local.set $w (i32.const 8))))
      (call $packnn (i32.add (local.get $B) (i32.shl (local.get $j) (i32.const 3))) (local.get $ln)
        (local.get $p) (local.get $w) (local.get $scratch))
      (call $panelmul (local.get $A) (i32.shl (local.get $p) (i32.const 3)) (local.get $m) (local.get $p)
        (local.get $scratch) (i32.add (local.get $C) (i32.shl (local.get $j) (i32.const 3))) (local.get $ln)
        (local.get $w) (i32.const 1) (local.get $cbuf))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $next))))
)
