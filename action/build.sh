#!/usr/bin/env bash
# Builds poollint from the action's own checkout into $RUNNER_TEMP.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?}"
go build -o "${RUNNER_TEMP:?}/poollint" ./cmd/poollint
