// Command gen writes Solvable's static pages into a folder:
//
//	go run ./site/gen -out dist
//
// It renders every page of package site (index.html, sinkhorn.html, dln.html, sim.html) and copies the
// assets folder to <out>/assets. The wasm binary and wasm_exec.js are build.sh's job.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"

	"solvable/site"
)

func main() {
	out := flag.String("out", "dist", "output folder (created if missing)")
	assets := flag.String("assets", "assets", "folder copied to <out>/assets")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("site/gen: ")
	if err := run(*out, *assets); err != nil {
		log.Fatal(err)
	}
}

func run(out, assets string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	for _, p := range site.Pages() {
		// Render into memory first so a failing component never leaves half a page behind.
		var buf bytes.Buffer
		if err := p.Component.Render(ctx, &buf); err != nil {
			return fmt.Errorf("render %s: %w", p.File, err)
		}
		if err := os.WriteFile(filepath.Join(out, p.File), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return copyTree(assets, filepath.Join(out, "assets"))
}

// copyTree copies the regular files under src to dst, keeping the layout. Files already in
// dst that are gone from src are left alone: the output folder is the build's to clean.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil // symlinks and the like have no place in a static site
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
