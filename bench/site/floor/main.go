// Command floor is the benchmark's yardstick for Go itself: a bare net/http
// server (no router, no middleware, no traffic log, no cache lookup) that
// answers saved copies of our pages from memory with the very headers our
// server sent. Its req/s is what any Go server can reach on this machine, so
// the load benchmark can split the gap to nginx into "Go's net/http versus
// nginx" and "our request path versus bare net/http".
//
//	floor -addr 127.0.0.1:18082 -page /=index.html=headers.txt -page /notices=notices.html=h2.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

type page struct {
	body   []byte
	header http.Header
}

type pages map[string]page

func (p pages) String() string { return fmt.Sprint(len(p)) }

// Set reads PATH=BODYFILE=HEADERFILE; the header file is curl -D output.
func (p pages) Set(v string) error {
	parts := strings.SplitN(v, "=", 3)
	if len(parts) != 3 {
		return fmt.Errorf("want PATH=BODYFILE=HEADERFILE, got %q", v)
	}
	body, err := os.ReadFile(parts[1])
	if err != nil {
		return err
	}
	f, err := os.Open(parts[2])
	if err != nil {
		return err
	}
	defer f.Close()
	h := http.Header{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, val, ok := strings.Cut(strings.TrimRight(sc.Text(), "\r"), ":")
		if !ok || strings.HasPrefix(k, "HTTP/") {
			continue
		}
		switch http.CanonicalHeaderKey(k) {
		case "Date", "Content-Length", "Connection":
			continue
		}
		h.Add(k, strings.TrimSpace(val))
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	p[parts[0]] = page{body: body, header: h}
	return nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18082", "listen address")
	ps := pages{}
	flag.Var(ps, "page", "PATH=BODYFILE=HEADERFILE, repeated")
	flag.Parse()
	srv := &http.Server{Addr: *addr, ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := ps[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		for k, v := range p.header {
			h[k] = v
		}
		w.Write(p.body)
	})}
	log.Fatal(srv.ListenAndServe())
}
