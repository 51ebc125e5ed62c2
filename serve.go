//go:build ignore

// serve serves the built site (dist/) on loopback for development:
//
//	go run serve.go -dir dist -addr 127.0.0.1:8080
//
// ./build.sh serve builds the site first and then runs this. The handler
// (types, precompressed .br/.gz files, headers) is solvable/site/devserver,
// which the browser tests use too.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"solvable/site/devserver"
)

func main() {
	dir := flag.String("dir", "dist", "directory to serve (the output of ./build.sh)")
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	public := flag.Bool("public", false, "allow a non-loopback -addr (the site is then reachable from other machines)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("serve: ")

	if st, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil || !st.Mode().IsRegular() {
		log.Fatalf("%s has no index.html; build the site first with ./build.sh", *dir)
	}
	if err := checkLoopback(*addr); err != nil && !*public {
		log.Fatalf("%v; pass -public to serve it anyway", err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	abs, _ := filepath.Abs(*dir)
	fmt.Printf("serving %s at http://%s/ (Ctrl-C to stop)\n", abs, urlHost(ln.Addr()))

	srv := &http.Server{
		Handler:           devserver.New(*dir),
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Fatal(srv.Serve(ln))
}

// checkLoopback returns an error unless every address that addr names is a
// loopback address. An empty host (":8080") means every interface.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "" {
		return fmt.Errorf("-addr %q listens on every interface, not only loopback", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil {
		ips, err := net.LookupIP(host)
		if err != nil {
			return err
		}
		for _, a := range ips {
			if !a.IsLoopback() {
				return fmt.Errorf("-addr %q resolves to %s, which is not a loopback address", addr, a)
			}
		}
		if len(ips) == 0 {
			return errors.New("-addr " + addr + " resolves to no address")
		}
		return nil
	}
	if !ip.IsLoopback() {
		return fmt.Errorf("-addr %q is not a loopback address", addr)
	}
	return nil
}

// urlHost gives the host:port to print, using the actual port when -addr
// asked for port 0.
func urlHost(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok && ta.IP.IsLoopback() && ta.IP.To4() != nil {
		return fmt.Sprintf("127.0.0.1:%d", ta.Port)
	}
	return a.String()
}
