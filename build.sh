#!/usr/bin/env bash
# build.sh: build, serve and test Solvable.
#
#   ./build.sh            build the whole site into dist/
#   ./build.sh serve      build, then serve dist/ on http://127.0.0.1:8080/
#                         (extra flags go to serve.go, e.g. -addr 127.0.0.1:9000)
#   ./build.sh test       every check: gofmt, vet, templ freshness, native and
#                         wasm (Node) unit tests, the build, browser tests
#   ./build.sh generate   regenerate the templ files (site/*_templ.go; committed)
#
# Needs Go >= 1.26 (from https://go.dev/dl/). The other tools come from
# Debian packages, which build.sh installs when it runs as root with apt-get,
# and otherwise names and stops: brotli, gzip and wabt (wat2wasm, for the SIMD
# kernels) to build; for test also nodejs, chromium and fonts-dejavu-core.
# Ebiten is compiled only for js/wasm (render/ebitencanvas and wasm/main.go are
# js-only), so no X11 headers, cgo or X server are needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

DIST=${SOLVABLE_DIST_DIR:-dist} # SOLVABLE_DIST_DIR lets parallel builds use their own folder
GO_MIN_MINOR=26 # Go 1.26 or later

step() { printf '==> %s\n' "$*"; }
die() {
	printf 'build.sh: %s\n' "$*" >&2
	exit 1
}

# ---------------------------------------------------------------- tools

# have TOOL: is TOOL present? TOOL is one of the names that need accepts.
have() {
	case $1 in
	chromium) [[ -x /usr/bin/chromium ]] || command -v chromium >/dev/null 2>&1 ;;
	fonts) [[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# packages TOOL: the Debian packages that provide TOOL.
packages() {
	case $1 in
	node) echo nodejs ;;
	chromium) echo chromium fonts-dejavu-core ;;
	fonts) echo fonts-dejavu-core ;;
	wat2wasm) echo wabt ;;
	*) echo "$1" ;; # brotli, gzip
	esac
}

APT_UPDATED=0

# need TOOL...: make sure each tool is there. go must be installed by hand;
# the others come from Debian packages, installed when running as root with
# apt-get, and otherwise named in the error.
need() {
	local tool missing=() pkgs=()
	for tool in "$@"; do
		if [[ $tool == go ]]; then
			need_go
		elif ! have "$tool"; then
			missing+=("$tool")
			# shellcheck disable=SC2207 # the package names have no spaces
			pkgs+=($(packages "$tool"))
		fi
	done
	((${#missing[@]} == 0)) && return 0
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
		step "installing ${pkgs[*]} (missing: ${missing[*]})"
		if ((APT_UPDATED == 0)); then
			apt-get update
			APT_UPDATED=1
		fi
		DEBIAN_FRONTEND=noninteractive apt-get install -y "${pkgs[@]}"
		for tool in "${missing[@]}"; do
			have "$tool" || die "$tool is still missing after installing ${pkgs[*]}"
		done
	else
		printf 'build.sh: missing: %s\n' "${missing[*]}" >&2
		printf 'build.sh: install these Debian packages, then run me again:\n' >&2
		printf '    sudo apt-get install -y %s\n' "${pkgs[*]}" >&2
		exit 1
	fi
}

need_go() {
	command -v go >/dev/null 2>&1 ||
		die "go is missing; install Go 1.$GO_MIN_MINOR or later from https://go.dev/dl/"
	local v minor
	v=$(go env GOVERSION) # e.g. go1.26.8
	[[ $v == devel* ]] && return 0 # a toolchain built from source
	minor=${v#go1.}
	minor=${minor%%[!0-9]*}
	if [[ $v != go1.* || -z $minor ]] || ((minor < GO_MIN_MINOR)); then
		die "$v is too old; install Go 1.$GO_MIN_MINOR or later from https://go.dev/dl/"
	fi
}

chromium_path() {
	if [[ -x /usr/bin/chromium ]]; then echo /usr/bin/chromium; else command -v chromium; fi
}

# ---------------------------------------------------------------- build

size() { stat -c %s "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# simd_kernels: assemble wasm/simd/kernels.wat into $DIST/simd.wasm (plain SIMD) and
# $DIST/simd-fma.wasm (the lines marked ";; madd" as relaxed-SIMD fused multiply-adds; see the
# head of kernels.wat). assets/simd.js loads whichever the browser validates, best first.
simd_kernels() {
	local src=wasm/simd/kernels.wat fma
	wat2wasm "$src" -o "$DIST/simd.wasm"
	fma=$(mktemp --suffix=.wat)
	sed -E 's/\(f64x2\.add \(f64x2\.mul (.*)\) (\(local\.get \$[a-z0-9]+\))\)\) ;; madd$/(f64x2.relaxed_madd \1 \2)) ;; madd/' \
		"$src" >"$fma"
	if [[ $(grep -c ';; madd$' "$src") != $(grep -c 'relaxed_madd.*;; madd$' "$fma") ]]; then
		rm -f "$fma"
		die "$src: a line marked ';; madd' is not of the form (local.set \$x (f64x2.add (f64x2.mul a b) (local.get \$x)))"
	fi
	wat2wasm --enable-relaxed-simd "$fma" -o "$DIST/simd-fma.wasm"
	rm -f "$fma"
}

build() {
	need go brotli gzip wat2wasm
	step "downloading Go modules (go mod download)"
	go mod download
	step "writing the pages into $DIST/ (go run ./site/gen -out $DIST)"
	rm -rf "$DIST"
	mkdir -p "$DIST"
	go run ./site/gen -out "$DIST"
	step "compiling the simulator to $DIST/solvable.wasm (GOOS=js GOARCH=wasm go build ./wasm)"
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$DIST/solvable.wasm" ./wasm
	step "copying wasm_exec.js from $(go env GOROOT)/lib/wasm/"
	cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$DIST/"
	step "assembling the SIMD kernels wasm/simd/kernels.wat into $DIST/simd.wasm and simd-fma.wasm ($(wat2wasm --version))"
	simd_kernels
	step "compiling the benchmark page's program to $DIST/bench.wasm (go build ./wasm/simd/bench) and placing bench.html"
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$DIST/bench.wasm" ./wasm/simd/bench
	mv "$DIST/assets/bench.html" "$DIST/bench.html"
	step "compressing solvable.wasm, simd.wasm and simd-fma.wasm (brotli -q 11, gzip -9)"
	local br gz f
	brotli -q 11 -k -f "$DIST/solvable.wasm" &
	br=$!
	gzip -9 -k -f "$DIST/solvable.wasm" &
	gz=$!
	for f in simd.wasm simd-fma.wasm; do
		brotli -q 11 -k -f "$DIST/$f"
		gzip -9 -k -f "$DIST/$f"
	done
	wait "$br" # one wait per job: a bare wait would ignore a failure
	wait "$gz"
	step "writing the offline file $DIST/offline/solvable.html (go run ./site/offline -dist $DIST)"
	go run ./site/offline -dist "$DIST" >/dev/null
	step "sizes: solvable.wasm $(size "$DIST/solvable.wasm") B raw," \
		"$(size "$DIST/solvable.wasm.gz") B gzip, $(size "$DIST/solvable.wasm.br") B brotli;" \
		"wasm_exec.js $(size "$DIST/wasm_exec.js") B; offline/solvable.html $(size "$DIST/offline/solvable.html") B;" \
		"SIMD kernels simd.wasm $(size "$DIST/simd.wasm.br") B and simd-fma.wasm $(size "$DIST/simd-fma.wasm.br") B brotli;" \
		"$(find "$DIST" -type f | wc -l) files in $DIST/"
}

# ---------------------------------------------------------------- test

CURRENT=""
START=$SECONDS
NSTEPS=0

# check TEXT: start a test step (printed, and named in the summary if it fails).
check() {
	CURRENT=$1
	NSTEPS=$((NSTEPS + 1))
	step "$1"
}

summary() {
	local rc=$?
	if ((rc == 0)); then
		printf 'test: PASS, %d steps in %ds\n' "$NSTEPS" $((SECONDS - START))
	else
		printf 'test: FAIL at step %d (%s) after %ds, exit code %d\n' \
			"$NSTEPS" "$CURRENT" $((SECONDS - START)) "$rc" >&2
	fi
}

run_tests() {
	need go node brotli gzip chromium fonts
	trap summary EXIT

	check "gofmt -l (every .go file is gofmt-formatted)"
	local unformatted
	unformatted=$(gofmt -l . | grep -v "^$DIST/" || true)
	if [[ -n $unformatted ]]; then
		printf 'not gofmt-formatted (run gofmt -w on them):\n%s\n' "$unformatted" >&2
		return 1
	fi

	check "go vet ./... (native)"
	go vet ./...

	check "GOOS=js GOARCH=wasm go vet ./core/... ./render/... ./wasm/..."
	GOOS=js GOARCH=wasm go vet ./core/... ./render/... ./wasm/...

	check "templ files up to date (go tool templ generate -check -path site)"
	go tool templ generate -check -path site ||
		{ echo "run ./build.sh generate and commit the *_templ.go files" >&2 && return 1; }

	check "go test (native, every package but the browser tests)"
	local pkgs
	pkgs=$(go list ./... | grep -v '/site/e2e$')
	# shellcheck disable=SC2086 # one package per word
	go test $pkgs

	check "go test ./core/... ./render/... ./wasm/... as wasm under Node ($(node --version))"
	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./core/... ./render/... ./wasm/...

	check "build"
	build

	check "browser tests (go test ./site/e2e, Chromium $(chromium_path))"
	SOLVABLE_CHROMIUM=$(chromium_path) go test ./site/e2e/ -count=1 -run . -timeout 15m -dist="$(cd "$DIST" && pwd)"
	CURRENT=""
}

# ---------------------------------------------------------------- main

cmd=${1:-build}
[[ $# -gt 0 ]] && shift
case $cmd in
build)
	build
	step "built $DIST/; serve it with ./build.sh serve"
	;;
serve)
	build
	step "serving $DIST/ (go run serve.go -dir $DIST $*)"
	exec go run serve.go -dir "$DIST" "$@"
	;;
test)
	run_tests
	;;
generate)
	need go
	step "regenerating templ files (go tool templ generate -path site)"
	go tool templ generate -path site
	;;
-h | --help | help)
	awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
	;;
*)
	printf 'build.sh: unknown command %q (want build, serve, test, generate or help)\n' "$cmd" >&2
	exit 2
	;;
esac
