package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// site is the newsroom server every test talks to. TestMain sets it before
// any test runs and never changes it afterwards.
var site *server

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

// runTests wraps m.Run with the server's whole life, so that deferred clean-up
// runs before os.Exit.
func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "newsroom-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	bin := filepath.Join(dir, "newsroom")
	if err := buildServer(bin); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	site, err = startServer(bin, filepath.Join(dir, "data"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	code := m.Run()
	if err := site.stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: server:", err)
		code = 1
	}
	// Internal errors are logged and hidden behind a friendly page, so a
	// journey can "pass" over a 500. The log tells.
	if bad := site.logLines("level=ERROR", "panic"); len(bad) > 0 {
		fmt.Fprintf(os.Stderr, "e2e: the server logged errors during the tests:\n%s\n", strings.Join(bad, "\n"))
		code = 1
	}
	if code != 0 {
		fmt.Fprintf(os.Stderr, "e2e: server stderr:\n%s\n", site.stderr.String())
	}
	return code
}

// buildServer compiles ./cmd/newsroom once; go test puts its own go first in PATH.
func buildServer(bin string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "newsroom/cmd/newsroom")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/newsroom: %w\n%s", err, out)
	}
	return nil
}

// account is a login printed by the server on its first start.
type account struct {
	ID, Password, Role string
}

// server is a running newsroom process.
type server struct {
	URL   string // http://127.0.0.1:PORT
	Host  string // 127.0.0.1:PORT
	Admin account
	Demo  []account

	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has exited
	waitErr error         // cmd.Wait's result, valid after done
	stdout  *lineLog
	stderr  *lineLog
}

var (
	adminLine = regexp.MustCompile(`^admin login: (\d{13}) (\S+)$`)
	demoLine  = regexp.MustCompile(`^demo login: (\d{13}) (\S+) \((\w+)\)$`)
)

// demoRoles are the roles that NEWSROOM_DEMO=1 seeds a login for.
var demoRoles = []string{"unit", "central", "hr", "procurement", "admissions"}

// startServer runs bin on a free port with a fresh data dir and demo users,
// and returns once /healthz answers 200 and the logins have been printed.
func startServer(bin, dataDir string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{
		Host:   fmt.Sprintf("127.0.0.1:%d", port),
		done:   make(chan struct{}),
		stdout: &lineLog{},
		stderr: &lineLog{},
	}
	s.URL = "http://" + s.Host
	s.cmd = exec.Command(bin)
	s.cmd.Env = append(environWithout("NEWSROOM_"),
		"NEWSROOM_ADDR="+s.Host,
		"NEWSROOM_BASE_URL="+s.URL,
		"NEWSROOM_DATA="+dataDir,
		"NEWSROOM_DEMO=1",
		"NEWSROOM_SHUTDOWN_TIMEOUT=10s",
	)
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
	if err := s.waitReady(120 * time.Second); err != nil {
		_ = s.cmd.Process.Kill()
		<-s.done
		return nil, fmt.Errorf("%w\nstdout:\n%s\nstderr:\n%s", err, s.stdout.String(), s.stderr.String())
	}
	return s, nil
}

func (s *server) waitReady(limit time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(limit)
	for {
		select {
		case <-s.done:
			return fmt.Errorf("server exited before it was ready: %v", s.waitErr)
		default:
		}
		if s.healthy(client) && s.parseLogins() == nil {
			return nil
		}
		if time.Now().After(deadline) {
			err := s.parseLogins()
			if err == nil {
				err = errors.New("/healthz never answered 200")
			}
			return fmt.Errorf("server not ready after %v: %w", limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *server) healthy(client *http.Client) bool {
	resp, err := client.Get(s.URL + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// parseLogins reads the admin and demo logins from what stdout has so far.
func (s *server) parseLogins() error {
	var admin account
	var demo []account
	roles := map[string]bool{}
	for _, line := range s.stdout.lines() {
		if m := adminLine.FindStringSubmatch(line); m != nil {
			admin = account{ID: m[1], Password: m[2], Role: "central"}
		}
		if m := demoLine.FindStringSubmatch(line); m != nil {
			demo = append(demo, account{ID: m[1], Password: m[2], Role: m[3]})
			roles[m[3]] = true
		}
	}
	if admin.ID == "" {
		return errors.New(`no "admin login: <id> <password>" line on stdout`)
	}
	for _, r := range demoRoles {
		if !roles[r] {
			return fmt.Errorf("no demo login for role %q on stdout", r)
		}
	}
	s.Admin, s.Demo = admin, demo
	return nil
}

// stop sends SIGTERM and checks that the server exits 0 in good time.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("SIGTERM: %w", err)
	}
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return errors.New("did not exit within 20s of SIGTERM; killed")
	}
	if s.waitErr != nil {
		return fmt.Errorf("exit after SIGTERM: %w (want exit status 0)", s.waitErr)
	}
	return nil
}

// logLines returns the stderr lines that contain any of the words.
func (s *server) logLines(words ...string) []string {
	var out []string
	for _, line := range s.stderr.lines() {
		for _, w := range words {
			if strings.Contains(line, w) {
				out = append(out, line)
				break
			}
		}
	}
	return out
}

// freePort asks the kernel for a port that is free now. Another process could
// take it before the server binds it; the server then fails loudly.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// environWithout is os.Environ minus the variables with the prefix, so that
// the developer's own NEWSROOM_* settings do not leak into the test server.
func environWithout(prefix string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, prefix) {
			env = append(env, kv)
		}
	}
	return env
}

// lineLog is an io.Writer that keeps everything written to it, safe for the
// process's copy goroutine and the tests to use at once.
type lineLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lineLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// lines returns the complete lines written so far.
func (l *lineLog) lines() []string {
	s := l.String()
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return strings.Split(s[:i], "\n")
	}
	return nil
}
