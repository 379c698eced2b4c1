//go:build linux

package bicep

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gone reports whether process pid has ended (a zombie left for init to
// reap counts as ended), waiting a little for the kill to land.
func gone(t *testing.T, pid int) bool {
	t.Helper()
	for range 100 {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return true
		}
		// pid (comm) STATE …
		if f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:])); len(f) > 0 && f[0] == "Z" {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func childPid(t *testing.T, file string) int {
	t.Helper()
	for range 100 {
		data, err := os.ReadFile(file)
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && perr == nil {
			return pid
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the fake compiler wrote no pid")
	return 0
}

// TestCompilerTimeoutKillsGroup: a compiler that starts a child holding its
// output open and then hangs is ended, child included, when its timeout
// runs out. Before, the call waited for the child (300 s here).
func TestCompilerTimeoutKillsGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child")
	writeTool(t, "bicep", "/bin/sleep 300 &\necho $! > '"+pidFile+"'\n/bin/sleep 300\n")
	start := time.Now()
	res := parseWith(t, Parser{Compiler: true, CompileTimeout: 300 * time.Millisecond}, lonelyBicep(t))
	if elapsed := time.Since(start); elapsed > 60*time.Second {
		t.Errorf("returned after %s", elapsed)
	}
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Message, "timed out after 300ms") {
		t.Errorf("diags = %+v", res.Diags)
	}
	pid := childPid(t, pidFile)
	if !gone(t, pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the compiler's child %d is still running", pid)
	}
}

// TestCompilerLeftoversKilled: a compiler that succeeds but leaves a
// process behind has it killed when it returns.
func TestCompilerLeftoversKilled(t *testing.T) {
	tmpl, err := filepath.Abs("../../fixtures/arm/headline.json")
	if err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(t.TempDir(), "child")
	writeTool(t, "bicep", "/bin/sleep 300 &\necho $! > '"+pidFile+"'\nexec /bin/cat '"+tmpl+"' > \"$4\"\n")
	res := parseWith(t, withCompiler, lonelyBicep(t))
	if len(res.Clusters) != 1 {
		t.Errorf("clusters %d, diags %+v", len(res.Clusters), res.Diags)
	}
	pid := childPid(t, pidFile)
	if !gone(t, pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the compiler's child %d is still running", pid)
	}
}
