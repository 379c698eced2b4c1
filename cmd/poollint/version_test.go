package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolveVersion(t *testing.T) {
	vcs := func(rev, when, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: when}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "08c5202abcdef0123456789abcdef0123456789a"
	cases := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"stamped by the release", "v0.1.0", "abc1234", "2026-12-02T10:00:00Z", nil, "v0.1.0 (commit abc1234, 2026-12-02)"},
		{"stamped version wins over the build info", "v0.1.0", "abc1234", "2026-12-02T10:00:00Z",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202100000-08c5202abcde"}, Settings: vcs(rev, "2026-11-30T08:00:00Z", "false")},
			"v0.1.0 (commit abc1234, 2026-12-02)"},
		{"stamped version, commit and date from VCS", "v0.1.0", "", "", &debug.BuildInfo{Settings: vcs(rev, "2026-11-30T23:30:00-02:00", "false")}, "v0.1.0 (commit 08c5202, 2026-12-01)"},
		{"a stamped date that is no time is kept", "v0.1.0", "abc1234", "yesterday", nil, "v0.1.0 (commit abc1234, yesterday)"},
		{"go install …@v0.1.0: module version, no VCS", "dev", "", "", &debug.BuildInfo{Main: debug.Module{Path: "github.com/poollint/poollint", Version: "v0.1.0"}}, "v0.1.0"},
		{"go build in a modified checkout", "dev", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202100000-08c5202abcde+dirty"}, Settings: vcs(rev, "2026-12-02T10:00:00Z", "true")},
			"v0.0.0-20261202100000-08c5202abcde+dirty (commit 08c5202+dirty, 2026-12-02)"},
		{"devel module version with VCS", "dev", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "2026-12-02T10:00:00Z", "false")}, "dev (commit 08c5202, 2026-12-02)"},
		{"nothing known", "dev", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"no build info", "dev", "", "", nil, "dev"},
		{"empty stamp", "", "", "", nil, "dev"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := resolveVersion(c.version, c.commit, c.date, c.bi).String(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestVersionCommand: --version and the version command print the same
// line, from this test binary's (unstamped) build information.
func TestVersionCommand(t *testing.T) {
	code, flag, errOut := poollint(t, "--version")
	if code != 0 || errOut != "" {
		t.Fatalf("--version: exit %d, stderr %q", code, errOut)
	}
	want := "poollint " + currentVersion().String() + "\n"
	if flag != want {
		t.Errorf("--version printed %q, want %q", flag, want)
	}
	code, cmd, errOut := poollint(t, "version")
	if code != 0 || errOut != "" || cmd != flag {
		t.Errorf("version: exit %d, stdout %q (want %q), stderr %q", code, cmd, flag, errOut)
	}
	if code, _, errOut := poollint(t, "version", "extra"); code != exitError || !strings.Contains(errOut, "no arguments") {
		t.Errorf("version with an argument: exit %d, stderr %q", code, errOut)
	}
}

// TestStampedVersion builds the binary once with the release's -X flags and
// checks both ways of asking for its version.
func TestStampedVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "poollint")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-buildvcs=false", "-o", bin,
		"-ldflags", "-X main.version=v9.8.7 -X main.commit=abc1234 -X main.date=2026-12-02T10:00:00Z", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("poollint %s: %v\n%s", args[0], err, out)
		}
		if got, want := string(out), "poollint v9.8.7 (commit abc1234, 2026-12-02)\n"; got != want {
			t.Errorf("poollint %s printed %q, want %q", args[0], got, want)
		}
	}
}
