package yaml

import (
	"context"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/poollint/poollint/parsers"
)

// A chart's templates may write the text of other files of the chart
// (.Files.Get "files/pool.yaml", .Files.Glob "files/*.yaml"): those
// objects are read from the chart's rendering, so the file itself is not
// read again on its own (its pools would count twice). Only literal paths
// and patterns are seen; a path a template builds (printf) is not.

// Bounds of the look at a chart's templates for the files they read.
const (
	maxTemplateFiles = 500     // template files looked at
	maxTemplateBytes = 8 << 20 // bytes of all of them
	maxTemplateDepth = 8       // directories below templates/
)

// filesCall finds a literal path given to .Files.Get, .Files.GetBytes,
// .Files.Lines or .Files.Glob.
var filesCall = regexp.MustCompile(`\.Files\.(?:Get|GetBytes|Lines|Glob)\s+(?:"([^"]*)"|` + "`([^`]*)`)")

// chartFilePatterns returns the paths and patterns (relative to the chart
// directory, slash-separated) the templates of the chart in dir read
// through .Files, once per scan.
func chartFilePatterns(ctx context.Context, opts *parsers.Options, dir string) []string {
	v := opts.Once("yaml/helm-files\x00"+dir, func() any {
		var out []string
		files, total := 0, 0
		var walk func(d string, depth int)
		walk = func(d string, depth int) {
			if depth > maxTemplateDepth {
				return
			}
			entries, err := opts.ReadDir(d)
			if err != nil {
				return
			}
			for _, e := range entries {
				if files >= maxTemplateFiles || total >= maxTemplateBytes || ctx.Err() != nil {
					return
				}
				p := filepath.Join(d, e.Name())
				info, err := opts.Stat(p)
				if err != nil {
					continue
				}
				if info.IsDir() {
					files++ // directories count against the budget too
					walk(p, depth+1)
					continue
				}
				if !info.Mode().IsRegular() || info.Size() > maxDirFileSize {
					continue
				}
				files++
				data, err := opts.Read(p)
				if err != nil {
					continue
				}
				total += len(data)
				for _, m := range filesCall.FindAllSubmatch(data, -1) {
					pat := string(m[1]) + string(m[2])
					if pat != "" {
						out = append(out, path.Clean(strings.TrimPrefix(pat, "./")))
					}
				}
			}
		}
		walk(filepath.Join(dir, "templates"), 0)
		return out
	})
	s, _ := v.([]string)
	return s
}

// readByTemplates reports whether the file rel (relative to the chart
// directory dir, slash-separated) is read by the chart's templates
// through .Files.
func readByTemplates(ctx context.Context, opts *parsers.Options, dir, rel string) bool {
	for _, pat := range chartFilePatterns(ctx, opts, dir) {
		if globMatch(pat, rel) {
			return true
		}
	}
	return false
}

// globMatch matches name against a .Files.Glob pattern as Helm's glob
// library does with / as the separator: * and ? within a directory, **
// across directories, [...] classes ([!...] negated), {a,b} alternatives.
// A pattern it cannot read matches nothing.
func globMatch(pattern, name string) bool {
	re, err := regexp.Compile(globRegexp(pattern))
	return err == nil && re.MatchString(name)
}

func globRegexp(p string) string {
	var b strings.Builder
	b.WriteString("^")
	depth := 0 // inside {…}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			if i+1 < len(p) && p[i+1] == '*' {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '[':
			j := strings.IndexByte(p[i+1:], ']')
			if j < 0 {
				return "$^" // unterminated class: matches nothing
			}
			class := p[i+1 : i+1+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		case '{':
			depth++
			b.WriteString("(?:")
		case '}':
			if depth == 0 {
				b.WriteString(`\}`)
				continue
			}
			depth--
			b.WriteString(")")
		case ',':
			if depth > 0 {
				b.WriteString("|")
			} else {
				b.WriteString(",")
			}
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteString(regexp.QuoteMeta(p[i : i+1]))
			}
		default:
			if c >= 0x80 {
				b.WriteByte(c) // a byte of a UTF-8 sequence, as written
			} else {
				b.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
	}
	if depth > 0 {
		return "$^"
	}
	b.WriteString("$")
	return b.String()
}
