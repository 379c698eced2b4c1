package terraform

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/poollint/poollint/parsers"
)

// tarGz builds an archive; a name ending in "@link" is a symbolic link to
// its content.
func tarGz(t *testing.T, files [][2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		h := &tar.Header{Name: f[0], Mode: 0o644, Size: int64(len(f[1])), Typeflag: tar.TypeReg}
		if name, ok := strings.CutSuffix(f[0], "@link"); ok {
			h = &tar.Header{Name: name, Linkname: f[1], Typeflag: tar.TypeSymlink}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(f[1])); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// registry serves a module registry on loopback (TLS, as Terraform's
// service discovery requires) with one module, acme/eks/aws, whose
// versions download the archive given; it counts archive downloads.
func registry(t *testing.T, versions []string, archive []byte, getter string) (host string, downloads *atomic.Int32) {
	t.Helper()
	downloads = &atomic.Int32{}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/terraform.json", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"modules.v1": "/api/modules/v1/"}`)
	})
	mux.HandleFunc("/api/modules/v1/acme/eks/aws/versions", func(w http.ResponseWriter, r *http.Request) {
		var vs []string
		for _, v := range versions {
			vs = append(vs, `{"version":"`+v+`"}`)
		}
		fmt.Fprintf(w, `{"modules":[{"versions":[%s]}]}`, strings.Join(vs, ","))
	})
	mux.HandleFunc("/api/modules/v1/acme/eks/aws/{version}/download", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Terraform-Get", strings.ReplaceAll(getter, "VERSION", r.PathValue("version")))
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/archives/", func(w http.ResponseWriter, r *http.Request) {
		downloads.Add(1)
		w.Write(archive)
	})
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	old := httpClient
	httpClient = srv.Client()
	t.Cleanup(func() { httpClient = old })
	return strings.TrimPrefix(srv.URL, "https://"), downloads
}

const downloadedModule = `variable "name" {}
variable "groups" {
  default = {}
}
resource "aws_eks_cluster" "this" {
  name = var.name
}
module "ng" {
  source       = "./modules/ng"
  for_each     = var.groups
  cluster_name = aws_eks_cluster.this.name
  name         = each.key
  size         = each.value
}
`

const downloadedNodeGroup = `variable "cluster_name" {}
variable "name" {}
variable "size" {}
resource "aws_eks_node_group" "this" {
  cluster_name    = var.cluster_name
  node_group_name = var.name
  instance_types  = [var.size]
}
`

// TestDownloadModules: --download-modules fetches a registry module (the
// newest version the constraint allows) through the registry protocol,
// extracts it into the cache and reads it like a local module, its own
// local submodules included; a second scan reads the cache.
func TestDownloadModules(t *testing.T) {
	archive := tarGz(t, [][2]string{
		{"acme-eks-abc123/main.tf", downloadedModule},
		{"acme-eks-abc123/modules/ng/main.tf", downloadedNodeGroup},
	})
	host, downloads := registry(t, []string{"1.0.0", "1.2.0", "2.0.0", "1.3.0-rc1"}, archive, "/archives/eks-VERSION.tar.gz")
	cache := t.TempDir()
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{"main.tf": `module "eks" {
  source  = "` + host + `/acme/eks/aws"
  version = "~> 1.0"
  name    = "downloaded"
  groups  = { blue = "m6i.large" }
}
`})
	for i := range 2 {
		res := parseDir(t, repo, &parsers.Options{Roots: []string{repo}, ModuleCache: cache})
		if len(res.Diags) != 0 {
			t.Fatalf("diagnostics %+v", res.Diags)
		}
		p := pools(res)["blue"]
		if len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "downloaded" || p == nil || p.InstanceTypes.Value[0] != "m6i.large" {
			t.Fatalf("scan %d: clusters %+v", i, res.Clusters)
		}
		if !strings.Contains(filepath.ToSlash(p.Pos.File), "/acme/eks/aws/1.2.0/modules/ng/main.tf") || len(p.CallSites) != 2 {
			t.Errorf("pool at %s, call sites %+v", p.Pos, p.CallSites)
		}
	}
	if n := downloads.Load(); n != 1 {
		t.Errorf("%d downloads, want 1 (then the cache)", n)
	}
}

// TestDownloadRefusals: archives that would write outside the module
// directory, or hold too many files, are refused whole with a note; the
// link is never made; a missing version is a note.
func TestDownloadRefusals(t *testing.T) {
	old := maxArchiveFiles
	maxArchiveFiles = 50
	defer func() { maxArchiveFiles = old }()
	many := make([][2]string, 0, maxArchiveFiles+1)
	for i := range maxArchiveFiles + 1 {
		many = append(many, [2]string{fmt.Sprintf("m/f%d.txt", i), ""})
	}
	for _, tc := range []struct {
		name       string
		files      [][2]string
		constraint string
		want       string
	}{
		{"dot-dot", [][2]string{{"m/main.tf", "x = 1\n"}, {"m/../../escaped.tf", "leak"}}, "1.0.0", "leaves the module directory"},
		{"absolute", [][2]string{{"/tmp/escaped.tf", "leak"}}, "1.0.0", "leaves the module directory"},
		{"too many files", many, "1.0.0", "more than 50 files"},
		{"no such version", [][2]string{{"m/main.tf", ""}}, "~> 3.0", "no version of the module matches"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host, _ := registry(t, []string{"1.0.0"}, tarGz(t, tc.files), "/archives/m.tar.gz")
			base := t.TempDir()
			cache, repo := filepath.Join(base, "cache"), filepath.Join(base, "repo")
			writeFiles(t, repo, map[string]string{"main.tf": "module \"m\" {\n  source  = \"" + host + "/acme/eks/aws\"\n  version = \"" + tc.constraint + "\"\n}\n"})
			res := parseDir(t, repo, &parsers.Options{Roots: []string{repo}, ModuleCache: cache})
			if len(res.Diags) < 1 || !strings.Contains(res.Diags[0].Message, tc.want) || res.Diags[0].Level != parsers.LevelNote {
				t.Errorf("diagnostics %+v, want a note with %q", res.Diags, tc.want)
			}
			for _, p := range []string{filepath.Join(base, "escaped.tf"), filepath.Join(cache, "escaped.tf"), "/tmp/escaped.tf"} {
				if data, err := os.ReadFile(p); err == nil && string(data) == "leak" {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}

// TestDownloadSkipsLinks: a symbolic link in the archive is not made, so
// nothing is read through it.
func TestDownloadSkipsLinks(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.tf": `resource "aws_eks_cluster" "leak" {
  name = "` + secret + `"
}
`})
	archive := tarGz(t, [][2]string{
		{"m/main.tf", `resource "aws_eks_cluster" "this" {
  name = "ok"
}
`},
		{"m/secret.tf@link", filepath.Join(outside, "secret.tf")},
	})
	host, _ := registry(t, []string{"1.0.0"}, archive, "/archives/m.tar.gz")
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{"main.tf": "module \"m\" {\n  source  = \"" + host + "/acme/eks/aws\"\n  version = \"1.0.0\"\n}\n"})
	res := parseDir(t, repo, &parsers.Options{Roots: []string{repo}, ModuleCache: t.TempDir()})
	if leaks(t, res) || len(res.Clusters) != 1 || res.Clusters[0].Name.Value != "ok" {
		t.Errorf("clusters %+v, diagnostics %+v", res.Clusters, res.Diags)
	}
}

func TestArchiveURL(t *testing.T) {
	for _, tc := range []struct{ in, url, sub string }{
		{"git::https://github.com/terraform-aws-modules/terraform-aws-eks?ref=v20.8.4", "https://codeload.github.com/terraform-aws-modules/terraform-aws-eks/tar.gz/v20.8.4", ""},
		{"github.com/Azure/terraform-azurerm-aks?ref=11.5.0", "https://codeload.github.com/Azure/terraform-azurerm-aks/tar.gz/11.5.0", ""},
		{"git::https://github.com/o/r.git//modules/x?ref=v1", "https://codeload.github.com/o/r/tar.gz/v1", "modules/x"},
		{"https://example.com/m.tar.gz?archive=tar.gz", "https://example.com/m.tar.gz", ""},
	} {
		u, sub, err := archiveURL(tc.in)
		if err != nil || u.String() != tc.url || sub != tc.sub {
			t.Errorf("archiveURL(%q) = %v, %q, %v; want %s, %q", tc.in, u, sub, err, tc.url, tc.sub)
		}
	}
	if _, _, err := archiveURL("git::https://github.com/o/r//../../x?ref=v1"); err == nil {
		t.Error("a subdirectory leaving the archive was accepted")
	}
}
