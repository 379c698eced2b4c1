package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// intersperse lets flags follow paths (`poollint scan . --format sarif`), as
// users type them: urfave/cli v2 stops reading flags at the first argument,
// so the flags of the command are moved in front of its arguments. "--" ends
// flag parsing as usual: whatever follows is a path, even a name that looks
// like a flag (a committed file named --baseline=b.json, passed by a
// pre-commit hook or a glob). The arguments are then given after a "--" of
// their own, so that none is read as a flag.
func intersperse(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	var cmd *cli.Command
	i := 1
	for ; i < len(args); i++ {
		if c := app.Command(args[i]); c != nil {
			cmd = c
			break
		}
		if !strings.HasPrefix(args[i], "-") {
			return args
		}
	}
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, name := range f.Names() {
			takesValue[name] = !isBool
		}
	}
	head := append([]string{}, args[:i+1]...)
	var flags, positional []string
	rest := args[i+1:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if a == "--" {
			positional = append(positional, rest[j+1:]...)
			break
		}
		name := strings.TrimLeft(a, "-")
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if strings.Contains(name, "=") {
			continue
		}
		if takesValue[name] && j+1 < len(rest) {
			flags = append(flags, rest[j+1])
			j++
		}
	}
	out := append(head, flags...)
	if len(positional) > 0 {
		out = append(append(out, "--"), positional...)
	}
	return out
}
