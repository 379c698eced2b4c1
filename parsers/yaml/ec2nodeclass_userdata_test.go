package yaml

import (
	"strings"
	"testing"
)

// userDataClass is an EC2NodeClass of the alias family given with the user
// data given as a YAML block scalar.
func userDataClass(alias, family, userData string) string {
	spec := "amiSelectorTerms: [{alias: " + alias + "}]\n"
	if family != "" {
		spec += "amiFamily: " + family + "\n"
	}
	spec += "userData: |\n"
	for _, line := range strings.Split(strings.TrimRight(userData, "\n"), "\n") {
		spec += "  " + line + "\n"
	}
	return ec2ClassDoc(spec)
}

// TestEC2NodeClassUserData: user data Karpenter cannot read for the class's
// AMI family (karpenter-provider-aws v1.14.1 pkg/providers/amifamily/bootstrap;
// the cases of pkg/providers/launchtemplate/suite_test.go's custom user data
// contexts, with near misses and unknown values).
func TestEC2NodeClassUserData(t *testing.T) {
	const field = "EC2NodeClass/default.spec.userData"
	mimeDoc := "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\n\n--BOUNDARY\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\n\n#!/bin/bash\necho hello\n\n--BOUNDARY--\n"
	runValidCases(t, []validCase{
		// Bottlerocket: TOML.
		{"bottlerocket toml", userDataClass("bottlerocket@latest", "", "[settings.kubernetes]\nmax-pods = 110\nnode-labels = { team = \"a\" }\n[settings.kubernetes.node-taints]\ndedicated = [\"gpu:NoSchedule\"]\n"), "", 0},
		{"bottlerocket not toml", userDataClass("bottlerocket@latest", "", "#/bin/bash\n ./not-toml.sh"), field, 0},
		{"bottlerocket settings not a table", userDataClass("bottlerocket@latest", "", "settings = 1"), field, 0},
		{"bottlerocket kubernetes not a table", userDataClass("bottlerocket@latest", "", "[settings]\nkubernetes = \"x\""), field, 0},
		{"bottlerocket max-pods a string", userDataClass("bottlerocket@latest", "", "[settings.kubernetes]\nmax-pods = \"110\""), field, 0},
		{"bottlerocket labels not strings", userDataClass("bottlerocket@latest", "", "[settings.kubernetes.node-labels]\nteam = 1"), field, 0},
		{"bottlerocket taints not lists", userDataClass("bottlerocket@latest", "", "[settings.kubernetes.node-taints]\ndedicated = \"gpu:NoSchedule\""), field, 0},
		{"bottlerocket other settings", userDataClass("bottlerocket@latest", "", "[settings.host-containers.admin]\nenabled = true\n[settings.kubernetes]\nunknown-key = 1"), "", 0},
		{"bottlerocket family with a custom AMI", strings.Replace(userDataClass("x@y", "Bottlerocket", "not toml ="), "amiSelectorTerms: [{alias: x@y}]", "amiSelectorTerms: [{id: ami-123}]", 1), field, 0},
		{"bottlerocket placeholder", userDataClass("bottlerocket@latest", "", "[settings.kubernetes]\ncluster-name = ${CLUSTER}"), "", 0},
		// AL2 and AL2023: a MIME archive when it starts as one.
		{"al2023 mime", userDataClass("al2023@latest", "", mimeDoc), "", 0},
		{"al2 mime", userDataClass("al2@latest", "", mimeDoc), "", 0},
		{"content type first", userDataClass("al2023@latest", "", "Content-Type: multipart/mixed; boundary=\"B\"\nMIME-Version: 1.0\n\n--B\nContent-Type: text/x-shellscript\n\necho hi\n--B--\n"), "", 0},
		{"al2023 shell script", userDataClass("al2023@latest", "", "#!/bin/bash\necho hello"), "", 0},
		{"al2023 node config", userDataClass("al2023@latest", "", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      maxPods: 42"), "", 0},
		{"al2023 mime not multipart", userDataClass("al2023@latest", "", "MIME-Version: 1.0\nContent-Type: text/x-shellscript\n\n#!/bin/bash\necho hello"), field, 0},
		{"al2 mime without content type", userDataClass("al2@latest", "", "MIME-Version: 1.0\n\n#!/bin/bash\necho hello"), field, 0},
		{"al2023 mime without boundary", userDataClass("al2023@latest", "", "MIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--B\n\necho hi\n--B--"), field, 0},
		// EC2's user data size limit.
		{"al2023 too large", userDataClass("al2023@latest", "", "#!/bin/bash\n"+strings.Repeat("echo hello world\n", 1000)), field, 0},
		{"custom too large", userDataClass("al2023@latest", "Custom", strings.Repeat("x", 16385)), field, 0},
		{"custom at the limit", userDataClass("al2023@latest", "Custom", strings.Repeat("x", 16383)), "", 0}, // and the block scalar's newline
		{"bottlerocket large", userDataClass("bottlerocket@latest", "", strings.Repeat("# comment\n", 2000)+"[settings.kubernetes]\nmax-pods = 110"), "", 0},
		// Windows and Custom: not read.
		{"windows powershell", userDataClass("windows2022@latest", "", "Write-Host hello"), "", 0},
		{"custom family", userDataClass("al2023@latest", "Custom", "MIME-Version: 1.0\nContent-Type: text/plain\n\nx"), "", 0},
		{"family unknown", strings.Replace(userDataClass("x@y", "", "settings = 1"), "amiSelectorTerms: [{alias: x@y}]", "amiSelectorTerms: [{id: ami-123}]\n  amiFamily: '${FAMILY}'", 1), "", 0},
	})
}
