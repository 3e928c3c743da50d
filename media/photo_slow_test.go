package media

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSlowCorpus(t *testing.T) {
	dir := os.Getenv("SLOWDIR")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		lines := strings.SplitN(string(raw), "\n", 2)
		v := strings.TrimSpace(lines[1])
		v = strings.TrimPrefix(v, "[]byte(")
		v = strings.TrimSuffix(v, ")")
		s, err := strconv.Unquote(v)
		if err != nil {
			t.Log(f, err)
			continue
		}
		data := []byte(s)
		start := time.Now()
		_, err = ProcessPhoto(bytes.NewReader(data), PhotoLimits{MaxBytes: 1 << 20, MaxPixels: 2_000_000})
		el := time.Since(start)
		typ, _ := Sniff(data)
		if el > 50*time.Millisecond {
			t.Logf("%s %s len=%d %v err=%v", filepath.Base(f), typ, len(data), el, err)
		}
	}
}
