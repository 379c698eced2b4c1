package parsers

import (
	"os"
	"sync"

	"github.com/poollint/poollint/nodepool"
)

// Companion is a file checked together with another one.
type Companion struct {
	Path string
	// Needed: the other file checks nothing without it (a parameter
	// file's template). A file named on the command line brings its
	// needed companions into the scan.
	Needed bool
}

// Grouped is implemented by a format whose files are read together, each
// yielding the result of its group (a Terraform module directory): Group
// names a file's group, "" for none. The scan hands the files of a group to
// one worker in path order, so that a second file finds the group's result
// where it would otherwise wait for the worker building it.
type Grouped interface {
	Group(path string) string
}

// Companioned is implemented by a format whose files are checked together
// with others: an ARM parameter file X.parameters*.json with its template
// X.json; a Terraform file with its module directory and the directories
// calling that module; a YAML file with the YAML files of its directory; a
// .bicep file with the main.json compiled beside it.
type Companioned interface {
	// Companions returns the files to check with path (absolute), path
	// itself among them when it is checked, and whether the format claims
	// path at all. Files that do not exist may be listed: callers keep
	// the regular files.
	Companions(path string, ws *Workspace) ([]Companion, bool)
}

// Workspace is what companion look-ups may search: the paths given to the
// scan (files or directories). Once caches what they compute across calls.
type Workspace struct {
	Paths []string
	// NeededOnly asks for needed companions only (a file named on the
	// command line): formats skip look-ups that find no needed one.
	NeededOnly bool
	// Options, when set, confine what a format looks at to find
	// companions (a chart's Chart.yaml above a template).
	Options *Options
	memo    memo
}

// Once runs f once per key for this workspace (see Options.Once).
func (w *Workspace) Once(key string, f func() any) any { return w.memo.once(key, f) }

// CompanionsOf asks the first format in formats that claims path for its
// companions; claimed is false when none does.
func CompanionsOf(formats []Parser, path string, ws *Workspace) (cs []Companion, claimed bool) {
	for _, p := range formats {
		if c, ok := p.(Companioned); ok {
			if cs, ok := c.Companions(path, ws); ok {
				return cs, true
			}
		}
	}
	return nil, false
}

// IsRegularFile reports whether path names a regular file (following links).
func IsRegularFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// SkipDir reports whether a directory of this name is never scanned (nor
// searched for module callers).
func SkipDir(name string) bool {
	return name == ".git" || name == "node_modules" || name == ".terraform"
}

// Finisher is implemented by a format that adjusts the clusters of the
// whole scan once every file is parsed: a Terraform plan's clusters take
// the positions of the configuration they were planned from.
type Finisher interface {
	Finish(cs []*nodepool.Cluster) []*nodepool.Cluster
}

// Finish runs the scan-wide steps over the clusters of every file: the
// link steps driven by model fields (a module's standalone reading dropped
// where a call reached it, CallSites; clusters naming the same cluster
// joined, LinkKey) around each format's own Finisher, in detection order.
func Finish(formats []Parser, cs []*nodepool.Cluster) []*nodepool.Cluster {
	cs = dropStandaloneModules(cs)
	for _, p := range formats {
		if f, ok := p.(Finisher); ok {
			cs = f.Finish(cs)
		}
	}
	return joinLinked(cs)
}

// memo runs a function once per key, for concurrent callers.
type memo struct {
	m sync.Map // key -> *memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

func (m *memo) once(key string, f func() any) any {
	e, _ := m.m.LoadOrStore(key, &memoEntry{})
	me := e.(*memoEntry)
	me.once.Do(func() { me.v = f() })
	return me.v
}
