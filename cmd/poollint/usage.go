package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/poollint/poollint/rules"
)

// The command line's conventions:
//   - -v is --verbose (scan, model), wherever it is given, also before the
//     command (`poollint -v scan .`); the version is --version or -V, or
//     `poollint version`;
//   - `poollint help COMMAND` is `poollint COMMAND --help` (exit 0);
//   - a misspelt command or flag is a usage error (exit 2) that suggests the
//     nearest name, on standard error, without the help text (standard
//     output stays the report's: `--format json` output is JSON or nothing);
//   - the exit codes are 0, 1 and 2 only.
func init() {
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Aliases: []string{"V"}, Usage: "print the version", DisableDefaultText: true}
}

// appFlags are the flags of poollint itself (not of a command).
var appFlags = map[string]bool{"help": true, "h": true, "version": true, "V": true}

// withUsage gives the app and its commands the usage conventions above.
func withUsage(app *cli.App) *cli.App {
	app.OnUsageError = usageError("", app.Flags, true)
	app.Action = func(c *cli.Context) error {
		if c.NArg() == 0 {
			return cli.ShowAppHelp(c)
		}
		return unknownCommand(app, c.Args().First(), "")
	}
	var walk func(prefix string, cmds []*cli.Command)
	walk = func(prefix string, cmds []*cli.Command) {
		for _, cmd := range cmds {
			name := strings.TrimSpace(prefix + " " + cmd.Name)
			cmd.OnUsageError = usageError(name, cmd.Flags, false)
			if len(cmd.Subcommands) > 0 && cmd.Action == nil {
				parent := cmd.Name
				cmd.Action = func(c *cli.Context) error {
					if c.NArg() == 0 {
						return cli.ShowSubcommandHelp(c)
					}
					return unknownCommand(app, c.Args().First(), parent)
				}
			}
			walk(name, cmd.Subcommands)
		}
	}
	walk("", app.Commands)
	return app
}

// usageError turns a flag parsing error into a usage error naming the
// nearest flag.
func usageError(command string, flags []cli.Flag, root bool) cli.OnUsageErrorFunc {
	return func(_ *cli.Context, err error, _ bool) error {
		msg := err.Error()
		if bad, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
			bad = strings.TrimLeft(bad, "-")
			var names []string
			for _, f := range flags {
				names = append(names, f.Names()...)
			}
			if root {
				for n := range appFlags {
					names = append(names, n)
				}
			}
			if s := nearest(bad, names); s != "" {
				msg += "; did you mean " + dashed(s) + "?"
			}
		}
		help := "poollint help"
		if command != "" {
			help += " " + command
		}
		return cli.Exit(msg+" ("+help+" lists the flags)", exitError)
	}
}

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// unknownCommand is the usage error for a command poollint does not have.
func unknownCommand(app *cli.App, name, parent string) error {
	var names []string
	cmds := app.Commands
	if parent != "" {
		if p := app.Command(parent); p != nil {
			cmds = p.Subcommands
		}
	}
	for _, c := range cmds {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	msg := fmt.Sprintf("unknown command %q", strings.TrimSpace(parent+" "+name))
	if s := nearest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", strings.TrimSpace(parent+" "+s))
	}
	return cli.Exit(msg+" (poollint help lists the commands)", exitError)
}

// prepareArgs rewrites the command line for the CLI library: `help CMD…`
// becomes `CMD… --help`, and the flags of a command given before it
// (`poollint -v scan .`) go after it.
func prepareArgs(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	if args[1] == "help" {
		rest := args[2:]
		if len(rest) == 0 {
			return []string{args[0], "--help"}, nil
		}
		cmd := app.Command(rest[0])
		if cmd == nil {
			return nil, unknownCommand(app, rest[0], "")
		}
		out := []string{args[0], rest[0]}
		if len(rest) > 1 {
			if sub := cmd.Command(rest[1]); sub != nil {
				out = append(out, rest[1])
			} else if len(cmd.Subcommands) > 0 {
				return nil, unknownCommand(app, rest[1], rest[0])
			}
		}
		return append(out, "--help"), nil
	}
	takesValue := map[string]bool{}
	for _, c := range app.Commands {
		for _, f := range c.Flags {
			_, isBool := f.(*cli.BoolFlag)
			for _, n := range f.Names() {
				takesValue[n] = takesValue[n] || !isBool
			}
		}
	}
	var moved []string
	i := 1
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if appFlags[name] {
			return args, nil // --help, --version: as they are
		}
		moved = append(moved, a)
		if takesValue[name] && !hasValue && i+1 < len(args) {
			moved = append(moved, args[i+1])
			i++
		}
	}
	if len(moved) == 0 || i >= len(args) || app.Command(args[i]) == nil {
		return args, nil
	}
	out := append([]string{args[0], args[i]}, moved...)
	return append(out, args[i+1:]...), nil
}

// nearest is the name closest to s (letters swapped, one missing or too
// many, case aside), or "" when none is close enough to be what was meant.
func nearest(s string, names []string) string {
	best, bestD := "", -1
	for _, n := range names {
		d := editDistance(strings.ToLower(s), strings.ToLower(n))
		limit := 1
		if len(s) >= 5 {
			limit = 2
		}
		if d <= limit && (bestD < 0 || d < bestD || d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent letters each cost 1.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 30
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// exitCode keeps the exit codes to 0, 1 and 2: anything else the CLI
// library returns (3 for a help topic it does not know) is a usage error.
func exitCode(code int) int {
	if code < 0 || code > exitError {
		return exitError
	}
	return code
}

// findRule finds a rule by ID or name, whatever the case (pl001,
// Basic-LB-Multiple-Pools), among the rules that run and those turned off.
func findRule(engine *rules.Engine, arg string) *rules.Rule {
	if r := engine.Rule(arg); r != nil {
		return r
	}
	for _, r := range engine.Rules() {
		if strings.EqualFold(r.ID, arg) || strings.EqualFold(r.Name, arg) {
			return r
		}
	}
	for _, d := range engine.Disabled() {
		if strings.EqualFold(d.Rule.ID, arg) || strings.EqualFold(d.Rule.Name, arg) {
			return d.Rule
		}
	}
	for _, u := range engine.Unchosen() { // a preset's rule, not turned on
		if strings.EqualFold(u.ID, arg) || strings.EqualFold(u.Name, arg) {
			return u
		}
	}
	return nil
}

// ruleDoc is a rule's documentation for the terminal: the Markdown of
// docs/rules without the comment that marks those files as generated.
func ruleDoc(r *rules.Rule) string {
	var keep []string
	for _, line := range strings.SplitAfter(rules.Markdown(r), "\n") {
		if strings.HasPrefix(line, "<!-- Generated by ") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.TrimRight(strings.Join(keep, ""), "\n") + "\n"
}

// checkHook enforces the pre-commit hooks' convention: `scan --hook` (the
// hooks' entry) needs a "--" after the flags of .pre-commit-config.yaml's
// args, before the staged file names pre-commit appends, so that a file
// named like a flag (--baseline=b.json, committed by anyone) is a path.
func checkHook(args []string) error {
	for i, a := range args {
		if a == "--" {
			return nil
		}
		if a == "--hook" && !contains(args[i+1:], "--") {
			return cli.Exit(`the pre-commit hook's args must end with "--" (args: [--baseline, b.json, --]), so that no staged file is read as a flag`, exitError)
		}
	}
	return nil
}
