// Command benchrepo measures poollint on a synthetic monorepo: it writes
// -files files (ARM templates, Terraform modules, Kubernetes YAML and
// unrelated files; most without any node pool), then runs a full scan and a
// parse-only scan of it with the poollint binary and reports files/s, MB/s
// and the peak resident memory of each run. `make bench` runs it.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	files := flag.Int("files", 10000, "number of files to generate")
	bin := flag.String("bin", "", "poollint binary (default: build ./cmd/poollint)")
	keep := flag.Bool("keep", false, "keep the generated repository")
	runs := flag.Int("runs", 3, "runs of each scan; the fastest is reported")
	flag.Parse()

	dir, err := os.MkdirTemp("", "poollint-bench-")
	check(err)
	if !*keep {
		defer os.RemoveAll(dir)
	}
	if *bin == "" {
		*bin = filepath.Join(dir, "poollint")
		build := exec.Command("go", "build", "-o", *bin, "./cmd/poollint")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		check(build.Run())
	}
	repo := filepath.Join(dir, "repo")
	n, size := generate(repo, *files)
	fmt.Printf("repository: %d files, %.1f MB (%s)\n", n, float64(size)/(1<<20), repo)

	full := measure(*bin, *runs, "scan", repo, "--format", "json", "--output", os.DevNull, "--fail-on", "none")
	parse := measure(*bin, *runs, "scan", "--parse-only", repo, "--format", "json", "--output", os.DevNull, "--fail-on", "none")
	report := func(name string, r result) {
		fmt.Printf("%-10s %7.2fs  %8.0f files/s  %6.1f MB/s  peak RSS %5.1f MB\n", name, r.wall.Seconds(),
			float64(n)/r.wall.Seconds(), float64(size)/(1<<20)/r.wall.Seconds(), float64(r.maxRSS)/1024)
	}
	report("full scan", full)
	report("parse only", parse)
	fmt.Printf("rules add  %+.0f%% to parse-only time\n", 100*(full.wall.Seconds()/parse.wall.Seconds()-1))
}

type result struct {
	wall   time.Duration
	maxRSS int64 // KiB
}

// measure runs the command runs times and keeps the fastest run.
func measure(bin string, runs int, args ...string) result {
	best := result{wall: time.Hour}
	for range runs {
		cmd := exec.Command(bin, args...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				check(err)
			}
		}
		wall := time.Since(start)
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if wall < best.wall {
			best.wall = wall
			if ru != nil {
				best.maxRSS = ru.Maxrss
			}
		}
	}
	return best
}

// generate writes the synthetic repository and returns its file count and
// size. The mix: 25% ARM templates (a fifth with an AKS cluster), 25%
// Terraform modules of three files (a fifth with AKS or EKS), 30% YAML (a
// tenth eksctl or Karpenter, the rest plain Kubernetes objects), 20% files
// no parser reads.
func generate(root string, total int) (int, int64) {
	r := rand.New(rand.NewSource(1))
	var n int
	var size int64
	write := func(path, content string) {
		check(os.MkdirAll(filepath.Dir(path), 0o755))
		check(os.WriteFile(path, []byte(content), 0o644))
		n++
		size += int64(len(content))
	}
	for i := 0; n < total; i++ {
		team := fmt.Sprintf("team%03d/svc%04d", i%97, i)
		switch k := r.Intn(100); {
		case k < 25:
			if r.Intn(5) == 0 {
				write(filepath.Join(root, team, "infra", "aks.json"), armCluster(i, r))
			} else {
				write(filepath.Join(root, team, "infra", "storage.json"), armStorage(i))
			}
		case k < 50:
			d := filepath.Join(root, team, "terraform")
			if r.Intn(5) == 0 {
				write(filepath.Join(d, "main.tf"), tfCluster(i, r))
			} else {
				write(filepath.Join(d, "main.tf"), tfBucket(i))
			}
			write(filepath.Join(d, "variables.tf"), "variable \"env\" {\n  type    = string\n  default = \"prod\"\n}\n")
			write(filepath.Join(d, "outputs.tf"), "output \"env\" {\n  value = var.env\n}\n")
		case k < 80:
			if r.Intn(10) == 0 {
				write(filepath.Join(root, team, "k8s", "nodepool.yaml"), karpenter(i))
			} else {
				write(filepath.Join(root, team, "k8s", "deploy.yaml"), deployment(i))
			}
		default:
			write(filepath.Join(root, team, "README.md"), fmt.Sprintf("# Service %d\n\nNothing to see here.\n", i))
		}
	}
	return n, size
}

func armCluster(i int, r *rand.Rand) string {
	lb := []string{"standard", "basic"}[r.Intn(2)]
	return fmt.Sprintf(`{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "name": { "type": "string", "defaultValue": "aks%d" } },
  "variables": { "prefix": "[concat('pool', parameters('name'))]" },
  "resources": [{
    "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-05-01",
    "name": "[parameters('name')]", "location": "westeurope",
    "properties": {
      "networkProfile": { "loadBalancerSku": %q },
      "agentPoolProfiles": [
        { "name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5" },
        { "name": "user", "mode": "User", "count": 2, "vmSize": "Standard_D8s_v5", "nodeLabels": { "team": "t%d" } }
      ]
    }
  }]
}
`, i, lb, i%97)
}

func armStorage(i int) string {
	return fmt.Sprintf(`{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [{ "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st%d", "location": "westeurope", "sku": { "name": "Standard_LRS" }, "kind": "StorageV2" }]
}
`, i)
}

func tfCluster(i int, r *rand.Rand) string {
	if r.Intn(2) == 0 {
		return fmt.Sprintf(`resource "aws_eks_cluster" "c" {
  name     = "eks%d-${var.env}"
  role_arn = aws_iam_role.c.arn
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "aws_eks_node_group" "ng" {
  for_each        = toset(["a", "b"])
  cluster_name    = aws_eks_cluster.c.name
  node_group_name = each.key
  node_role_arn   = aws_iam_role.n.arn
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 3
  }
}
`, i)
	}
	return fmt.Sprintf(`resource "azurerm_kubernetes_cluster" "c" {
  name                = "aks%d-${var.env}"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks%d"
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 3
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  count                 = 2
  name                  = "user${count.index}"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.c.id
  vm_size               = "Standard_D8s_v5"
  node_labels           = { team = "t%d" }
}
`, i, i, i%97)
}

func tfBucket(i int) string {
	return fmt.Sprintf("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"bucket-%d-${var.env}\"\n  tags   = { team = \"t%d\" }\n}\n", i, i%97)
}

func karpenter(i int) string {
	return fmt.Sprintf(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: pool%d
spec:
  template:
    metadata:
      labels:
        team: t%d
    spec:
      nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: default }
      requirements:
        - { key: karpenter.sh/capacity-type, operator: In, values: ["spot", "on-demand"] }
  limits:
    cpu: "1000"
`, i, i%97)
}

func deployment(i int) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc%d
  labels: { app: svc%d }
spec:
  replicas: 2
  selector: { matchLabels: { app: svc%d } }
  template:
    metadata: { labels: { app: svc%d } }
    spec:
      containers:
        - name: app
          image: registry.example.com/svc%d:1.0.0
          ports: [{ containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata:
  name: svc%d
spec:
  selector: { app: svc%d }
  ports: [{ port: 80, targetPort: 8080 }]
`, i, i, i, i, i, i, i)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchrepo:", err)
		os.Exit(1)
	}
}
