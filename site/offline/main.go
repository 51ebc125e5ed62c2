// Command offline writes the offline file of the site: one HTML file holding every page and the
// simulator, that opens by double-click from file:// with no network.
//
//	go run ./site/offline -dist dist     # writes dist/offline/solvable.html
//
// It reads the built site in the -dist folder (build.sh runs it after compressing the wasm): the
// pages, the stylesheets and scripts they link, wasm_exec.js and solvable.wasm.gz. See build.go
// for the layout of the file and assets/offline.js for how it runs.
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
)

func main() {
	dist := flag.String("dist", "dist", "the built site; the file goes to <dist>/offline/solvable.html")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("site/offline: ")
	out, n, err := run(*dist)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("site/offline: wrote %s (%d bytes)\n", out, n)
}

func run(dist string) (string, int, error) {
	fsys := os.DirFS(dist)
	if err := checkGzip(fsys); err != nil {
		return "", 0, err
	}
	doc, err := Build(fsys)
	if err != nil {
		return "", 0, err
	}
	dir := filepath.Join(dist, "offline")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", 0, err
	}
	out := filepath.Join(dir, "solvable.html")
	// Write beside and rename, so a failed build never leaves half a file to carry away.
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, doc, 0o644); err != nil {
		return "", 0, err
	}
	return out, len(doc), os.Rename(tmp, out)
}

// checkGzip makes sure solvable.wasm.gz holds the solvable.wasm beside it, so a stale archive
// from an earlier build is never shipped. Without solvable.wasm there is nothing to compare.
func checkGzip(fsys fs.FS) error {
	raw, err := fs.ReadFile(fsys, "solvable.wasm")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	gz, err := fs.ReadFile(fsys, "solvable.wasm.gz")
	if errors.Is(err, fs.ErrNotExist) {
		return nil // Build compresses solvable.wasm itself
	} else if err != nil {
		return err
	}
	got, err := gunzip(gz)
	if err != nil {
		return fmt.Errorf("solvable.wasm.gz: %w", err)
	}
	if !bytes.Equal(got, raw) {
		return errors.New("solvable.wasm.gz does not hold solvable.wasm (a stale archive?); run gzip -9 -k -f solvable.wasm again")
	}
	return nil
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
