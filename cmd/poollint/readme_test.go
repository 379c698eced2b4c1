package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/rules"
)

// readmeBlocks returns the README's fenced code blocks of a language.
func readmeBlocks(t *testing.T, readme, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```")
	var out []string
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	return out
}

// TestReadmeCommands runs every `go run ./cmd/poollint …` line of the README
// from the repository root: each must run (exit 0, or 1 for findings).
func TestReadmeCommands(t *testing.T) {
	t.Chdir("../..")
	ran := 0
	for _, block := range readmeBlocks(t, "README.md", "sh") {
		for _, line := range strings.Split(block, "\n") {
			if i := strings.Index(line, "#"); i >= 0 {
				line = line[:i]
			}
			fields := strings.Fields(line)
			if len(fields) < 3 || fields[0] != "go" || fields[1] != "run" || fields[2] != "./cmd/poollint" {
				continue
			}
			args := fields[3:]
			for i, a := range args {
				if a == "--output" && i+1 < len(args) {
					args[i+1] = t.TempDir() + "/" + args[i+1] // keep the checkout clean
				}
			}
			if len(args) > 0 && args[0] == "init" {
				args = append(args, t.TempDir())
			}
			code, out, errOut := poollint(t, args...)
			if code != 0 && code != 1 {
				t.Errorf("README: %s: exit %d\n%s%s", line, code, out, errOut)
			}
			ran++
		}
	}
	if ran < 8 {
		t.Errorf("ran only %d README commands", ran)
	}
}

// TestReadmeExamples: the workflow example uses only the action's inputs,
// the pre-commit example names the hook, and the configuration example is a
// valid .poollint.yaml.
func TestReadmeExamples(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]any `yaml:"inputs"`
	}
	if err := yamlv3.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	hooks, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, block := range readmeBlocks(t, "../../README.md", "yaml") {
		var doc map[string]any
		if err := yamlv3.Unmarshal([]byte(block), &doc); err != nil {
			t.Errorf("README yaml block does not parse: %v\n%s", err, block)
			continue
		}
		switch {
		case doc["jobs"] != nil:
			found["workflow"] = true
			step := block[strings.Index(block, "uses: poollint/poollint@"):]
			for _, m := range regexp.MustCompile(`(?m)^\s+([a-z-]+):`).FindAllStringSubmatch(step[strings.Index(step, "with:"):], -1) {
				if _, ok := action.Inputs[m[1]]; !ok {
					t.Errorf("the workflow example uses input %q, which action.yml does not have", m[1])
				}
			}
		case doc["repos"] != nil:
			found["pre-commit"] = true
			if !strings.Contains(block, "id: poollint") || !strings.Contains(string(hooks), "- id: poollint") {
				t.Error("the pre-commit example and .pre-commit-hooks.yaml disagree on the hook id")
			}
		case doc["rules"] != nil:
			found["config"] = true
			path := t.TempDir() + "/.poollint.yaml"
			if err := os.WriteFile(path, []byte(block), 0o644); err != nil {
				t.Fatal(err)
			}
			// Rules named in the example must exist: PL020 does not yet, so
			// only the file's syntax is checked here.
			if code, _, errOut := poollint(t, "model", "--config", path, "../../fixtures/arm/clean.json"); code != 0 {
				t.Errorf("the configuration example is not valid: %s", errOut)
			}
		}
	}
	for _, k := range []string{"workflow", "pre-commit", "config"} {
		if !found[k] {
			t.Errorf("README has no %s example", k)
		}
	}
}

// TestReadmeRuleCounts: the README's rule counts are the engine's.
func TestReadmeRuleCounts(t *testing.T) {
	e, err := rules.NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var scan, change int
	for _, r := range e.Rules() {
		if r.CheckChange != nil {
			change++
		} else {
			scan++
		}
	}
	preset := len(e.Unchosen())
	total := scan + change + preset
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(data)), " ")
	for _, want := range []string{
		fmt.Sprintf("runs %d built-in Go and Rego rules", total),
		fmt.Sprintf("Of the %d built-in rules, %d run on every scan, %d more with `--preset recommended`", total, scan, preset),
		fmt.Sprintf("and %d judge a change", change),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("README does not say %q", want)
		}
	}
}

// TestContributingPaths: every repository path CONTRIBUTING.md names in
// backquotes exists, so its recipes do not point at files that moved.
func TestContributingPaths(t *testing.T) {
	data, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("`((?:\\.ci|cmd|parsers|rules|policies|report|scan|fixtures|docs|tools)/[A-Za-z0-9_./-]*|[A-Za-z_.-]+\\.(?:md|yaml|yml))`")
	n := 0
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		p := m[1]
		if strings.ContainsAny(p, "<>") || strings.Contains(p, "NNN") || strings.Contains(p, "…") {
			continue // a placeholder
		}
		n++
		if _, err := os.Stat("../../" + p); err != nil {
			t.Errorf("CONTRIBUTING.md names %s: %v", p, err)
		}
	}
	if n < 10 {
		t.Errorf("only %d paths checked", n)
	}
}
