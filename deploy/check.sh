#!/usr/bin/env bash
# Static checks of deploy/ that need no Docker engine and no Kubernetes cluster:
# shell syntax (and shellcheck when installed), both HAProxy configs (haproxy -c when installed),
# kustomize rendering (kubectl when installed), and check.py: YAML syntax of compose.yaml and the manifests,
# their cross-references (secret keys, selectors, probes, ports, RBAC, cluster ids, Dockerfile paths), every
# setting they name against the hosts' code, and no setting of the retired cluster layer.
set -euo pipefail
DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$DEPLOY_DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== bash -n local-cluster.sh check.sh"
bash -n local-cluster.sh
bash -n check.sh
if command -v shellcheck >/dev/null 2>&1; then
  echo "== shellcheck"
  shellcheck local-cluster.sh check.sh
else
  echo "-- shellcheck not installed: skipped"
fi

if command -v haproxy >/dev/null 2>&1; then
  echo "== haproxy -c (local template rendered for 2 front-ends, compose config)"
  awk '/^[ \t]*# @FRONTEND_SERVERS@[ \t]*$/ { print "    server frontend-1 127.0.0.1:8181 check"; print "    server frontend-2 127.0.0.1:8182 check"; next }
       { gsub(/@LISTEN@/, "127.0.0.1:8180"); gsub(/@STATS@/, "127.0.0.1:8404"); print }' haproxy/haproxy.cfg >"$tmp/local.cfg"
  haproxy -c -q -f "$tmp/local.cfg"
  haproxy -c -q -f docker/haproxy.cfg
else
  echo "-- haproxy not installed: configs not checked (local-cluster.sh start installs it)"
fi

if command -v kubectl >/dev/null 2>&1; then
  echo "== kubectl kustomize kubernetes/"
  kubectl kustomize kubernetes >"$tmp/rendered.yaml"
  grep '^kind:' "$tmp/rendered.yaml" | sort | uniq -c | sed 's/^/   /'
else
  echo "-- kubectl not installed: kustomization not rendered"
fi

echo "== YAML, cross-references and settings against the code (check.py)"
if python3 -c 'import yaml' 2>/dev/null; then
  python3 check.py
else
  echo "-- python3 with PyYAML not available: YAML not checked"
fi
echo "OK"
