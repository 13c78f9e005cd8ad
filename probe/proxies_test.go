package probe_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"text/template"
	"time"

	"github.com/ingress-parity/ingress-parity/witness"
	"github.com/ingress-parity/ingress-parity/witness/witnesstest"
)

// estate is the live test estate: witness backends, a test CA, and the certificate the
// proxies present for shop.example.com.
type estate struct {
	App, API, Admin string // witness addresses
	ca              *witnesstest.CA
	server, client  witnesstest.Pair
}

func newEstate(t testing.TB) *estate {
	t.Helper()
	return newEstateWith(t, func(name string) string { return witnesstest.Start(t, witness.Options{Name: name}) })
}

// newEstateWith builds the estate with witnesses started by start (in-process or not).
func newEstateWith(t testing.TB, start func(name string) string) *estate {
	t.Helper()
	ca := witnesstest.NewCA(t, "ingress-parity live test CA")
	return &estate{
		App:    start("shop/app"),
		API:    start("shop/api"),
		Admin:  start("shop/admin"),
		ca:     ca,
		server: ca.Server(t, "shop", "shop.example.com"),
		client: ca.Client(t, "alice"),
	}
}

// proxy is a running nginx or HAProxy on loopback ports.
type proxy struct {
	HTTP, HTTPS int
	Dir         string
}

func (p proxy) target() string {
	return fmt.Sprintf("http://127.0.0.1:%d,https://127.0.0.1:%d", p.HTTP, p.HTTPS)
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lookBinary finds a proxy binary; a missing one fails the test with how to install it.
func lookBinary(t testing.TB, name string) string {
	t.Helper()
	for _, p := range []string{name, "/usr/sbin/" + name, "/usr/local/sbin/" + name} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatalf("%s not found: the live probe tests need real proxies; install them with `apt-get install -y nginx haproxy wrk`", name)
	return ""
}

type configData struct {
	*estate
	proxy
	Cert, Key, CA, PEM string
}

// render fills the template testdata/live/<name> into dir.
func render(t testing.TB, name string, data configData) string {
	t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join("testdata", "live", name))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(data.Dir, name[:len(name)-len(".tmpl")])
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// startProcess runs a proxy in the foreground until the test ends and waits until its
// ports accept connections.
func startProcess(t testing.TB, p proxy, logName string, name string, args ...string) {
	t.Helper()
	startCmd(t, p, logName, exec.Command(name, args...))
}

// startCmd runs cmd until the test ends and waits until p's ports accept connections.
func startCmd(t testing.TB, p proxy, logName string, cmd *exec.Cmd) {
	t.Helper()
	log, err := os.Create(filepath.Join(p.Dir, logName))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		log.Close()
	})
	for _, port := range []int{p.HTTP, p.HTTPS} {
		waitListening(t, port, exited, filepath.Join(p.Dir, logName))
	}
}

func waitListening(t testing.TB, port int, exited chan error, logPath string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			c.Close()
			return
		}
		select {
		case err := <-exited:
			exited <- err
			b, _ := os.ReadFile(logPath)
			t.Fatalf("proxy exited before listening on %d (%v):\n%s", port, err, b)
		default:
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("proxy not listening on %d after 15s:\n%s", port, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startNginx runs nginx with testdata/live/nginx.conf.tmpl.
func startNginx(t testing.TB, e *estate) proxy {
	t.Helper()
	bin := lookBinary(t, "nginx")
	p := proxy{HTTP: freePort(t), HTTPS: freePort(t), Dir: t.TempDir()}
	conf := render(t, "nginx.conf.tmpl", configData{estate: e, proxy: p, Cert: e.server.CertFile, Key: e.server.KeyFile, CA: e.ca.CertFile})
	startProcess(t, p, "nginx.out", bin, "-p", p.Dir, "-e", filepath.Join(p.Dir, "error.log"), "-c", conf, "-g", "daemon off;")
	return p
}

// startHAProxy runs HAProxy with testdata/live/haproxy.cfg.tmpl.
func startHAProxy(t testing.TB, e *estate) proxy {
	t.Helper()
	bin := lookBinary(t, "haproxy")
	p := proxy{HTTP: freePort(t), HTTPS: freePort(t), Dir: t.TempDir()}
	cert, _ := os.ReadFile(e.server.CertFile)
	key, _ := os.ReadFile(e.server.KeyFile)
	pem := filepath.Join(p.Dir, "shop.pem")
	if err := os.WriteFile(pem, append(cert, key...), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := render(t, "haproxy.cfg.tmpl", configData{estate: e, proxy: p, PEM: pem, CA: e.ca.CertFile})
	if out, err := exec.Command(bin, "-c", "-f", cfg).CombinedOutput(); err != nil {
		t.Fatalf("haproxy rejects %s: %v\n%s", cfg, err, out)
	}
	startProcess(t, p, "haproxy.out", bin, "-db", "-f", cfg)
	return p
}

// witnessEnv makes the test binary run as a witness backend (see TestMain), so benchmarks
// can keep the backend's CPU out of the prober's process.
const witnessEnv = "INGRESS_PARITY_TEST_WITNESS"

func TestMain(m *testing.M) {
	if spec := os.Getenv(witnessEnv); spec != "" {
		name, addr, _ := strings.Cut(spec, "@")
		s, err := witness.Listen(witness.Options{Name: name, Listen: addr})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		_ = s.Serve(context.Background())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startWitnessProcess runs a witness in a child process on a free loopback port.
func startWitnessProcess(t testing.TB, name string) string {
	t.Helper()
	port := freePort(t)
	p := proxy{HTTP: port, HTTPS: port, Dir: t.TempDir()}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s@127.0.0.1:%d", witnessEnv, name, port))
	startCmd(t, p, "witness.out", cmd)
	return fmt.Sprintf("127.0.0.1:%d", port)
}
