package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// Stamped at release time next to version (see .goreleaser.yaml):
//
//	-X main.version=v0.1.0 -X main.commit=abc1234 -X main.date=2026-12-02T10:00:00Z
var (
	commit string
	date   string
)

// buildVersion is what is known of this binary's version: the stamped
// values first, then the build information the Go toolchain embeds (the
// module version for `go install …@v0.1.0`, the VCS revision, time and
// modified flag for a build in a git checkout).
type buildVersion struct {
	Version string // "v0.1.0", a pseudo-version, or "" when unknown
	Commit  string // short revision, "+dirty" when built from a modified tree
	Date    string // YYYY-MM-DD (or the stamped text when it is no RFC 3339 time)
}

func currentVersion() buildVersion {
	bi, _ := debug.ReadBuildInfo()
	return resolveVersion(version, commit, date, bi)
}

// resolveVersion combines the stamped values (version "dev" means not
// stamped) with the build information, which may be nil.
func resolveVersion(stampedVersion, stampedCommit, stampedDate string, bi *debug.BuildInfo) buildVersion {
	var v buildVersion
	if stampedVersion != "" && stampedVersion != "dev" {
		v.Version = stampedVersion
	}
	var rev, vcsTime string
	dirty := false
	if bi != nil {
		if v.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	v.Commit = stampedCommit
	if v.Commit == "" && rev != "" {
		v.Commit = rev[:min(7, len(rev))]
	}
	if v.Commit != "" && dirty && !strings.HasSuffix(v.Commit, "+dirty") {
		v.Commit += "+dirty"
	}
	v.Date = stampedDate
	if v.Date == "" {
		v.Date = vcsTime
	}
	if t, err := time.Parse(time.RFC3339, v.Date); err == nil {
		v.Date = t.UTC().Format(time.DateOnly)
	}
	return v
}

// String is the version line: "v0.1.0 (commit abc1234, 2026-12-02)", or
// "dev" when nothing is known.
func (v buildVersion) String() string {
	s := v.Version
	if s == "" {
		s = "dev"
	}
	var extra []string
	if v.Commit != "" {
		extra = append(extra, "commit "+v.Commit)
	}
	if v.Date != "" {
		extra = append(extra, v.Date)
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

func init() {
	// urfave/cli's default says "poollint version v0.1.0 …".
	cli.VersionPrinter = printVersion
}

func printVersion(c *cli.Context) {
	fmt.Fprintln(c.App.Writer, c.App.Name, c.App.Version)
}

// withVersion gives the app its version line (--version) and the `version`
// command, both printing "poollint v0.1.0 (commit abc1234, 2026-12-02)".
func withVersion(app *cli.App) *cli.App {
	app.Version = currentVersion().String()
	app.Commands = append(app.Commands, &cli.Command{
		Name:  "version",
		Usage: "print the version (stamped at release, or from the Go build information)",
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit("version takes no arguments", exitError)
			}
			printVersion(c)
			return nil
		},
	})
	return app
}
