package main

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/scan"
)

// stdin is where `scan -` reads from (a variable for tests).
var stdin io.Reader = os.Stdin

// defaultStdinName is --stdin-filename's default: YAML manifests, as
// `helm template … | poollint scan -` gives them.
const defaultStdinName = "stdin.yaml"

// stdinFile is standard input written to a private temporary directory
// under the name --stdin-filename gives it, so that the parsers read it as
// that file (the name decides the format); reports then name it so.
type stdinFile struct {
	dir   string // the temporary directory: the scan's only root
	path  string // the file in it
	name  string // what reports call it (--stdin-filename, cleaned)
	shown string // how the scan names path (scan.DisplayPath)
}

// cliPaths are the paths named on the command line, "." standing for "-"
// (standard input) where a directory is needed (configuration discovery).
func cliPaths(c *cli.Context) []string {
	paths := c.Args().Slice()
	if len(paths) == 1 && paths[0] == "-" {
		return []string{"."}
	}
	return paths
}

// readStdin reads standard input (at most maxSize bytes) into a temporary
// file named name. The caller removes it with close.
func readStdin(c *cli.Context, maxSize int64) (*stdinFile, error) {
	paths := c.Args().Slice()
	if len(paths) > 1 {
		return nil, cli.Exit("- (standard input) must be the only path", exitError)
	}
	if c.String("changed-since") != "" {
		return nil, cli.Exit("--changed-since does not apply to standard input (-)", exitError)
	}
	name := c.String("stdin-filename")
	if name == "" {
		name = defaultStdinName
	}
	clean := path.Clean(filepath.ToSlash(name))
	if path.IsAbs(clean) || filepath.VolumeName(name) != "" || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return nil, cli.Exit(fmt.Sprintf("--stdin-filename %s: want a relative file name inside the repository (infra/nodepools.yaml)", name), exitError)
	}
	if maxSize <= 0 {
		maxSize = scan.DefaultMaxFileSize
	}
	data, err := io.ReadAll(io.LimitReader(stdin, maxSize+1))
	if err != nil {
		return nil, cli.Exit("reading standard input: "+err.Error(), exitError)
	}
	if int64(len(data)) > maxSize {
		return nil, cli.Exit(fmt.Sprintf("standard input is larger than %d bytes (see --max-file-size)", maxSize), exitError)
	}
	dir, err := os.MkdirTemp("", "poollint-stdin-")
	if err != nil {
		return nil, cli.Exit(err.Error(), exitError)
	}
	s := &stdinFile{dir: dir, path: filepath.Join(dir, filepath.FromSlash(clean)), name: clean}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		s.close()
		return nil, cli.Exit(err.Error(), exitError)
	}
	if err := os.WriteFile(s.path, data, 0o600); err != nil {
		s.close()
		return nil, cli.Exit(err.Error(), exitError)
	}
	s.shown = scan.DisplayPath(s.path)
	return s, nil
}

func (s *stdinFile) close() {
	if s != nil {
		os.RemoveAll(s.dir)
	}
}

// rename names the temporary file as --stdin-filename does everywhere in
// the result: positions, identifiers and messages.
func (s *stdinFile) rename(res *scan.Result) {
	if s == nil {
		return
	}
	pos := func(p *nodepool.Pos) {
		if p.File == s.shown {
			p.File = s.name
		}
	}
	text := func(t string) string { return strings.ReplaceAll(t, s.shown, s.name) }
	for i := range res.Findings {
		f := &res.Findings[i]
		pos(&f.Pos)
		for j := range f.Related {
			pos(&f.Related[j])
		}
		if f.Suppression != nil {
			sup := *f.Suppression
			pos(&sup.Pos)
			f.Suppression = &sup
		}
		f.Message, f.ClusterID, f.PoolID, f.Cluster = text(f.Message), text(f.ClusterID), text(f.PoolID), text(f.Cluster)
	}
	for i := range res.Diags {
		pos(&res.Diags[i].Pos)
		res.Diags[i].Message = text(res.Diags[i].Message)
	}
	for _, c := range res.Clusters {
		pos(&c.Pos)
		for _, p := range c.Pools {
			pos(&p.Pos)
		}
	}
}
