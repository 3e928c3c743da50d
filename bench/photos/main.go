// Command photobench runs photo files through media.ProcessPhoto with
// media.Workers() goroutines, as the server's pool does, and writes the
// outputs to a directory. bench/photos/run.sh times it against
// vipsthumbnail; see README.md there.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"newsroom/media"
)

func main() {
	out := flag.String("out", "", "directory for the Full and Thumb JPEGs (none written when empty)")
	flag.Parse()
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "photobench:", err)
		os.Exit(1)
	}
}

func run(out string, files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("no files given")
	}
	if out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
	}
	start := time.Now()
	jobs := make(chan string)
	errs := make(chan error, len(files))
	var mu sync.Mutex
	var fullBytes, thumbBytes, done int
	refused := map[string]int{} // FileError key → count (bench/memory feeds inputs that must be refused)
	var wg sync.WaitGroup
	workers := media.Workers()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range jobs {
				p, err := processFile(name, out)
				var fe *media.FileError
				if errors.As(err, &fe) {
					mu.Lock()
					refused[fe.Key]++
					mu.Unlock()
					fmt.Fprintf(os.Stderr, "%s: refused: %s %v\n", name, fe.Key, fe.Args)
					continue
				}
				if err != nil {
					errs <- fmt.Errorf("%s: %w", name, err)
					continue
				}
				mu.Lock()
				done++
				fullBytes += len(p.Full)
				thumbBytes += len(p.Thumb)
				mu.Unlock()
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	fmt.Printf("%d photos, %d workers, %.2fs, Full %.1f KB avg, Thumb %.1f KB avg",
		done, workers, time.Since(start).Seconds(),
		float64(fullBytes)/1024/float64(max(done, 1)), float64(thumbBytes)/1024/float64(max(done, 1)))
	for k, n := range refused {
		fmt.Printf(", %d refused (%s)", n, k)
	}
	fmt.Println()
	return nil
}

func processFile(name, out string) (media.Photo, error) {
	f, err := os.Open(name)
	if err != nil {
		return media.Photo{}, err
	}
	defer f.Close()
	p, err := media.ProcessPhoto(f, media.DefaultPhotoLimits)
	if err != nil || out == "" {
		return p, err
	}
	base := filepath.Join(out, strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	if err := os.WriteFile(base+".jpg", p.Full, 0o644); err != nil {
		return p, err
	}
	return p, os.WriteFile(base+"_t.jpg", p.Thumb, 0o644)
}
