package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestThirdPartyLicensesUpToDate fails when a dependency of the binary was
// added, removed or upgraded without regenerating THIRD_PARTY_LICENSES.md.
func TestThirdPartyLicensesUpToDate(t *testing.T) {
	if err := os.Chdir("../.."); err != nil {
		t.Fatal(err)
	}
	got, err := render("./cmd/poollint")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("THIRD_PARTY_LICENSES.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("THIRD_PARTY_LICENSES.md is out of date: run go run ./tools/licenses")
	}
	if strings.Contains(string(got), "| see text |") {
		t.Error("a dependency's licence was not identified: extend identify")
	}
}

func TestIdentify(t *testing.T) {
	for text, want := range map[string]string{
		"Apache License\n Version 2.0, January 2004":                                       "Apache-2.0",
		"Permission is hereby granted, free of charge, to any person":                      "MIT",
		"Redistribution and use in source and binary forms ... Neither the name of Google": "BSD-3-Clause",
		"Redistribution and use in source and binary forms, with or without":               "BSD-2-Clause",
		"Mozilla Public License Version 2.0":                                               "MPL-2.0",
		"This is free and unencumbered software released into the public domain.":          "Unlicense",
		"Apache License Version 2.0 ... Permission is hereby granted, free of charge":      "MIT AND Apache-2.0",
		"All rights reserved.": "see text",
	} {
		if got := identify(text); got != want {
			t.Errorf("identify(%q) = %s, want %s", text, got, want)
		}
	}
}
