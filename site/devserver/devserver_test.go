package devserver

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site writes a small dist-like tree and returns its directory.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":         "<!doctype html><title>home</title>",
		"sim.html":           "<!doctype html><title>sim</title>",
		"solvable.wasm":      "\x00asm raw",
		"solvable.wasm.br":   "brotli bytes",
		"solvable.wasm.gz":   "gzip bytes",
		"only-gz.js":         "raw js",
		"only-gz.js.gz":      "gzip js",
		"assets/style.css":   "body{}",
		"sub/index.html":     "<!doctype html><title>sub</title>",
		"empty/.keep":        "",
		"noext":              "plain words",
		"../outside-secret":  "", // created below, outside the site
		"wasm_exec.js":       "// js",
		"assets/page.js":     "// page",
		"assets/unknown.xyz": "xyz",
	}
	for name, body := range files {
		if strings.HasPrefix(name, "..") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func get(t *testing.T, h http.Handler, target, acceptEncoding string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestEncodingChoice(t *testing.T) {
	h := New(site(t))
	tests := []struct {
		accept   string
		encoding string // expected Content-Encoding, "" for none
		body     string
	}{
		{"gzip, deflate, br, zstd", "br", "brotli bytes"}, // what Chromium 156 sends
		{"br", "br", "brotli bytes"},
		{"gzip", "gzip", "gzip bytes"},
		{"x-gzip", "gzip", "gzip bytes"},
		{"deflate", "", "\x00asm raw"},
		{"", "", "\x00asm raw"},
		{"identity", "", "\x00asm raw"},
		{"br;q=0, gzip", "gzip", "gzip bytes"},
		{"br;q=0.5, gzip;q=0.9", "gzip", "gzip bytes"},
		{"br;q=0.9, gzip;q=0.9", "br", "brotli bytes"}, // a tie goes to brotli
		{"*", "br", "brotli bytes"},
		{"*;q=0", "", "\x00asm raw"},
		{"gzip;q=0, br;q=0", "", "\x00asm raw"},
		{"BR", "br", "brotli bytes"},
		{"br;q=abc", "", "\x00asm raw"}, // a malformed weight counts as 0
	}
	for _, tc := range tests {
		t.Run(tc.accept, func(t *testing.T) {
			rec := get(t, h, "/solvable.wasm", tc.accept)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", rec.Code)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tc.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tc.encoding)
			}
			if got := rec.Body.String(); got != tc.body {
				t.Errorf("body %q, want %q", got, tc.body)
			}
			// The type is always the one of the original extension.
			if got := rec.Header().Get("Content-Type"); got != "application/wasm" {
				t.Errorf("Content-Type %q, want application/wasm", got)
			}
			if got := rec.Header().Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding (a variant exists)", got)
			}
			if got, want := rec.Header().Get("Content-Length"), fmt.Sprint(len(tc.body)); got != want {
				t.Errorf("Content-Length %q, want %q", got, want)
			}
		})
	}
}

func TestOnlyGzipVariant(t *testing.T) {
	h := New(site(t))
	rec := get(t, h, "/only-gz.js", "br")
	if got := rec.Header().Get("Content-Encoding"); got != "" {
		t.Errorf("br only, no .br file: Content-Encoding %q, want none", got)
	}
	if rec.Body.String() != "raw js" {
		t.Errorf("body %q", rec.Body.String())
	}
	rec = get(t, h, "/only-gz.js", "gzip, br")
	if got := rec.Header().Get("Content-Encoding"); got != "gzip" {
		t.Errorf("Content-Encoding %q, want gzip", got)
	}
	if got := rec.Header().Get("Content-Type"); !strings.Contains(got, "javascript") {
		t.Errorf("Content-Type %q, want a javascript type", got)
	}
}

func TestNoVariantNoVary(t *testing.T) {
	h := New(site(t))
	rec := get(t, h, "/sim.html", "gzip, br")
	if got := rec.Header().Get("Vary"); got != "" {
		t.Errorf("Vary %q on a file with no variants, want none", got)
	}
	if got := rec.Header().Get("Content-Encoding"); got != "" {
		t.Errorf("Content-Encoding %q, want none", got)
	}
}

func TestHeadersOnEveryResponse(t *testing.T) {
	h := New(site(t))
	for _, target := range []string{"/", "/sim.html", "/solvable.wasm", "/missing", "/../etc/passwd"} {
		rec := get(t, h, target, "br")
		for k, want := range map[string]string{
			"Cache-Control":           "no-cache",
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": CSP,
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", target, k, got, want)
			}
		}
	}
	for _, must := range []string{"default-src 'self'", "'wasm-unsafe-eval'", "object-src 'none'"} {
		if !strings.Contains(CSP, must) {
			t.Errorf("CSP lacks %q", must)
		}
	}
	for _, mustNot := range []string{"unsafe-inline", "'unsafe-eval'", "*", "http:", "https:"} {
		if strings.Contains(CSP, mustNot) {
			t.Errorf("CSP contains %q", mustNot)
		}
	}
}

func TestTypes(t *testing.T) {
	h := New(site(t))
	tests := map[string]string{
		"/solvable.wasm":    "application/wasm",
		"/sim.html":         "text/html",
		"/":                 "text/html",
		"/assets/style.css": "text/css",
		"/wasm_exec.js":     "javascript",
		"/assets/page.js":   "javascript",
	}
	for target, want := range tests {
		rec := get(t, h, target, "")
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", target, rec.Code)
			continue
		}
		if got := rec.Header().Get("Content-Type"); !strings.Contains(got, want) {
			t.Errorf("%s: Content-Type %q, want %q", target, got, want)
		}
	}
}

func TestIndexAndRedirect(t *testing.T) {
	h := New(site(t))
	rec := get(t, h, "/", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<title>home</title>") {
		t.Errorf("/: %d %q", rec.Code, rec.Body.String())
	}
	rec = get(t, h, "/sub/", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<title>sub</title>") {
		t.Errorf("/sub/: %d %q", rec.Code, rec.Body.String())
	}
	rec = get(t, h, "/sub?a=1", "")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/sub/?a=1" {
		t.Errorf("/sub: %d Location %q, want 301 /sub/?a=1", rec.Code, rec.Header().Get("Location"))
	}
	// A directory with no index.html is not listed.
	if rec = get(t, h, "/empty/", ""); rec.Code != http.StatusNotFound {
		t.Errorf("/empty/: %d, want 404", rec.Code)
	}
	// A query string does not change the file (sim.html?model=...).
	rec = get(t, h, "/sim.html?model=sinkhorn&x=0,0.5", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<title>sim</title>") {
		t.Errorf("sim.html with query: %d", rec.Code)
	}
}

func TestNotFound(t *testing.T) {
	h := New(site(t))
	for _, target := range []string{"/missing.html", "/assets/missing.css", "/sim.html/x"} {
		if rec := get(t, h, target, ""); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", target, rec.Code)
		}
	}
}

func TestMethods(t *testing.T) {
	h := New(site(t))
	req := httptest.NewRequest(http.MethodHead, "/solvable.wasm", nil)
	req.Header.Set("Accept-Encoding", "br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "br" {
		t.Errorf("HEAD: %d, body %d bytes, encoding %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Encoding"))
	}
	req = httptest.NewRequest(http.MethodPost, "/sim.html", strings.NewReader("x"))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", rec.Code)
	}
}

// TestTraversal sends raw request lines, as a hostile client would, so that
// no client library cleans the path first.
func TestTraversal(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "dist")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("home"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A symbolic link inside the site that points out of it.
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(parent, filepath.Join(dir, "up")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(dir))
	defer srv.Close()

	for _, target := range []string{
		"/../secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e/secret.txt",
		"/assets/../../secret.txt",
		"/..\\secret.txt",
		"/link.txt",
		"/up/secret.txt",
		"/up/dist/index.html",
	} {
		status, body := rawGet(t, srv.Listener.Addr().String(), target)
		if strings.Contains(body, "SECRET") || status == http.StatusOK {
			t.Errorf("%s: status %d, body %q; want the file refused", target, status, body)
		}
		if status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 404 (or 400 from net/http)", target, status)
		}
	}
	// The handler itself, with an unclean path that net/http would not pass.
	h := New(dir)
	for _, p := range []string{"/../secret.txt", "../secret.txt", "/a/../../secret.txt"} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = p
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotFound {
			t.Errorf("handler, path %q: %d, want 404", p, rec.Code)
		}
	}
}

func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestMissingDirectory(t *testing.T) {
	h := New(filepath.Join(t.TempDir(), "nope"))
	if rec := get(t, h, "/", ""); rec.Code != http.StatusInternalServerError {
		t.Errorf("missing dir: %d, want 500", rec.Code)
	}
}
