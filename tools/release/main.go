// Command release builds a release snapshot from .goreleaser.yaml without
// goreleaser and without publishing anything: the binaries its builds
// declare (same targets, binary name, flags, ldflags, environment), the
// archives, the SBOMs (running the command its sboms section names) and
// checksums.txt, into dist/. It also lays out the container build context
// goreleaser's dockers_v2 would use. Only Go (and git, for the commit) is
// needed; `make release-snapshot` runs it.
//
//	go run ./tools/release --clean                  # every target
//	go run ./tools/release --clean --single-target  # this machine's GOOS/GOARCH only
//	go run ./tools/release sbom -o poollint.cdx.json dist/poollint_linux_amd64_v1/poollint
//
// The release itself is goreleaser's job (`goreleaser release --clean` on a
// tag); this runner exists so that the definition can be exercised and
// tested anywhere.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "sbom" {
		os.Exit(sbomMain(os.Args[2:], os.Stdout, os.Stderr))
	}
	os.Exit(releaseMain(os.Args[1:], os.Stdout, os.Stderr))
}

type targetList []string

func (t *targetList) String() string { return strings.Join(*t, ",") }
func (t *targetList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*t = append(*t, s)
		}
	}
	return nil
}

func releaseMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts options
	fs.StringVar(&opts.Config, "config", ".goreleaser.yaml", "goreleaser configuration `FILE`; paths in it are relative to its directory")
	fs.StringVar(&opts.Dist, "dist", "dist", "output `DIR`")
	fs.BoolVar(&opts.Clean, "clean", false, "remove the output directory first (required when it is not empty)")
	fs.BoolVar(&opts.SingleTarget, "single-target", false, "build only this machine's GOOS/GOARCH (or $GOOS/$GOARCH)")
	fs.Var((*targetList)(&opts.Targets), "target", "build only `GOOS_GOARCH` (repeatable, or comma-separated)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "release: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	start := time.Now()
	res, err := run(opts, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	fmt.Fprintf(stdout, "snapshot %s: %d binaries, %d archives, %d SBOMs, %s in %s (%.1fs)\n",
		res.Version, len(res.Binaries), len(res.Archives), len(res.SBOMs), res.ChecksumFile, opts.Dist, time.Since(start).Seconds())
	return 0
}
