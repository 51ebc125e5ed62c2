// Package devserver serves a built Solvable site (the dist/ directory) over
// HTTP for development and for the browser tests.
//
// It serves files with the types of Go's mime table (which maps .wasm to
// application/wasm), prefers the precompressed siblings X.br and X.gz that
// build.sh writes when the client accepts them, serves index.html for a
// directory, and never serves anything outside the directory: the files are
// opened through an [os.Root], which refuses ".." and symbolic links that
// lead out of it. Every response carries Cache-Control: no-cache,
// X-Content-Type-Options: nosniff and a Content-Security-Policy that allows
// only the site's own origin.
package devserver

import (
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"syscall"
)

// CSP is the Content-Security-Policy sent with every response.
//
// Everything comes from the site's own origin. script-src adds
// 'wasm-unsafe-eval', which WebAssembly.instantiateStreaming needs; no
// inline script and no eval. Styles set from script through the CSSOM (Ebiten
// sizes its canvas that way) are not restricted by style-src, so style-src
// needs no 'unsafe-inline'. frame-ancestors is left open on purpose: embedding
// a simulator in another site's page is a feature.
const CSP = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; " +
	"img-src 'self'; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"frame-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'self'; " +
	"form-action 'self'"

// encodings are the precompressed variants, in order of preference when the
// client gives them the same weight.
var encodings = []struct {
	name string // the Content-Encoding token
	ext  string // the suffix of the file
}{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Handler serves one directory. Make it with [New].
type Handler struct {
	dir string
}

// New returns a handler that serves the files under dir.
func New(dir string) *Handler {
	return &Handler{dir: dir}
}

// ServeHTTP implements [http.Handler].
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", CSP)

	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanPath(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}

	root, err := os.OpenRoot(h.dir)
	if err != nil {
		http.Error(w, "cannot open the site directory", http.StatusInternalServerError)
		return
	}
	defer root.Close()

	fi, err := root.Stat(name)
	if err != nil {
		notFoundOr500(w, r, err)
		return
	}
	if fi.IsDir() {
		// Like http.FileServer: a directory URL ends in a slash, so that
		// relative links in its index.html resolve inside it.
		if !strings.HasSuffix(r.URL.Path, "/") {
			target := path.Base(r.URL.Path) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		fi, err = root.Stat(name)
		if err != nil || !fi.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
	}
	if !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	ctype := mime.TypeByExtension(path.Ext(name))
	serveName := name
	accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
	var chosen string
	best := 0.0
	for _, enc := range encodings {
		cfi, err := root.Stat(name + enc.ext)
		if err != nil || !cfi.Mode().IsRegular() {
			continue
		}
		// A variant exists, so the response depends on Accept-Encoding.
		hdr.Set("Vary", "Accept-Encoding")
		if q := accepted(enc.name); q > best {
			best, chosen, serveName, fi = q, enc.name, name+enc.ext, cfi
		}
	}
	if chosen != "" {
		if ctype == "" {
			// Never let the type be sniffed from the compressed bytes.
			ctype = "application/octet-stream"
		}
		hdr.Set("Content-Encoding", chosen)
		// ServeContent leaves Content-Length out when Content-Encoding is
		// set (it guards against writers that compress on the fly). These
		// bytes are sent as they are, so the length is known; it lets the
		// browser show progress on the large wasm download.
		hdr.Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	}
	if ctype != "" {
		hdr.Set("Content-Type", ctype)
	}

	f, err := root.Open(serveName)
	if err != nil {
		notFoundOr500(w, r, err)
		return
	}
	defer f.Close()
	// ServeContent handles HEAD, Range and If-Modified-Since, and sniffs the
	// type only when it is still unset (an uncompressed file with an
	// extension the mime table does not know).
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// cleanPath turns a URL path into a name relative to the site directory. It
// refuses a path with a ".." element, a backslash or a NUL, rather than
// resolving it.
func cleanPath(p string) (string, bool) {
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, elem := range strings.Split(p, "/") {
		if elem == ".." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" {
		name = "."
	}
	return name, true
}

func notFoundOr500(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) ||
		errors.Is(err, syscall.ENOTDIR) || isEscape(err) {
		http.NotFound(w, r)
		return
	}
	http.Error(w, "cannot read the file", http.StatusInternalServerError)
}

// isEscape reports whether err comes from os.Root refusing a name that would
// leave the directory (for example through a symbolic link).
func isEscape(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes")
}

// acceptedEncodings parses an Accept-Encoding header and returns a func that
// gives the weight (q value) the client gives a content coding; 0 means not
// acceptable. "*" covers codings the header does not name.
func acceptedEncodings(header string) func(coding string) float64 {
	weights := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		q := 1.0
		for _, param := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(param, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				} else {
					q = 0
				}
			}
		}
		weights[coding] = q
	}
	return func(coding string) float64 {
		if q, ok := weights[coding]; ok {
			return q
		}
		if coding == "gzip" {
			if q, ok := weights["x-gzip"]; ok {
				return q
			}
		}
		return weights["*"]
	}
}
