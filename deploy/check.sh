#!/usr/bin/env bash
# Static checks of deploy/ that need no Docker engine and no Kubernetes cluster:
# shell syntax (and shellcheck when installed), both HAProxy configs (haproxy -c when installed),
# YAML syntax of compose.yaml and the manifests, kustomize rendering (kubectl when installed),
# and the cross-references between them (secret keys, selectors, probes, ports, Dockerfile paths).
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
  echo "-- haproxy not installed: configs not checked"
fi

if command -v kubectl >/dev/null 2>&1; then
  echo "== kubectl kustomize kubernetes/"
  kubectl kustomize kubernetes >"$tmp/rendered.yaml"
  grep '^kind:' "$tmp/rendered.yaml" | sort | uniq -c | sed 's/^/   /'
else
  echo "-- kubectl not installed: kustomization not rendered"
fi

echo "== YAML syntax and cross-references (python3)"
python3 - "$DEPLOY_DIR" <<'PY'
import glob, os, re, sys
try:
    import yaml
except ImportError:
    print("-- PyYAML not installed: YAML not checked"); sys.exit(0)

root = sys.argv[1]
errors = []
def check(cond, msg):
    if not cond: errors.append(msg)

# Kubernetes manifests
docs = []
for path in sorted(glob.glob(os.path.join(root, "kubernetes", "*.yaml"))):
    with open(path) as f:
        for d in yaml.safe_load_all(f):
            if d: docs.append((os.path.basename(path), d))
kinds = {}
for name, d in docs:
    for k in ("apiVersion", "kind") + (("metadata",) if d.get("kind") != "Kustomization" else ()):
        check(k in d, f"{name}: {d.get('kind')} lacks {k}")
    kinds.setdefault(d["kind"], []).append(d)
kust = [d for _, d in docs if d["kind"] == "Kustomization"][0]
for r in kust["resources"]:
    check(os.path.exists(os.path.join(root, "kubernetes", r)), f"kustomization: missing {r}")
secret = kinds["Secret"][0]
secret_keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
deployments = {d["metadata"]["name"]: d for d in kinds["Deployment"]}
check(set(deployments) == {"silo", "frontend"}, f"deployments: {sorted(deployments)}")
for dname, d in deployments.items():
    spec = d["spec"]; pod = spec["template"]["spec"]
    check(spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items(), f"{dname}: selector does not match pod labels")
    check(spec["replicas"] == 2, f"{dname}: replicas {spec['replicas']}")
    check(pod.get("terminationGracePeriodSeconds", 0) >= 30, f"{dname}: terminationGracePeriodSeconds")
    c = pod["containers"][0]
    env = [e["name"] for e in c["env"]]
    envd = {e["name"]: e for e in c["env"]}
    check(envd["POD_IP"]["valueFrom"]["fieldRef"]["fieldPath"] == "status.podIP", f"{dname}: POD_IP")
    check(env.index("POD_IP") < env.index("Cluster__AdvertisedAddress"), f"{dname}: POD_IP must precede its use")
    check(envd["Cluster__AdvertisedAddress"]["value"] == "http://$(POD_IP):8080", f"{dname}: advertised address")
    for e in c["env"]:
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            check(ref["name"] == secret["metadata"]["name"] and ref["key"] in secret_keys, f"{dname}: secret ref {ref}")
    check(c["livenessProbe"]["httpGet"]["path"] == "/health/live", f"{dname}: liveness")
    check(c["readinessProbe"]["httpGet"]["path"] == "/health/ready", f"{dname}: readiness")
    check(c["ports"][0]["containerPort"] == 8080, f"{dname}: port")
    check("resources" in c, f"{dname}: resources")
    check(d["metadata"]["namespace"] == "orleans-csms", f"{dname}: namespace")
check(deployments["silo"]["spec"]["template"]["spec"]["containers"][0]["env"][1] == {"name": "Cluster__Role", "value": "Silo"}, "silo: Cluster__Role")
check(not any(e["name"] == "Cluster__Role" for e in deployments["frontend"]["spec"]["template"]["spec"]["containers"][0]["env"]), "frontend must not set Cluster__Role")
check(any(e["name"] == "Api__Keys__0" for e in deployments["frontend"]["spec"]["template"]["spec"]["containers"][0]["env"]), "frontend: Api__Keys__0")
parts = {dn: [e.get("value") for e in d["spec"]["template"]["spec"]["containers"][0]["env"] if e["name"] == "Cluster__Partitions"] for dn, d in deployments.items()}
check(len({tuple(v) for v in parts.values()}) == 1, f"Cluster__Partitions differ: {parts}")
svc = kinds["Service"][0]
check(svc["spec"]["selector"].items() <= deployments["frontend"]["spec"]["template"]["metadata"]["labels"].items(), "frontend Service selector")
ing = kinds["Ingress"][0]
backend = ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
check(backend["name"] == svc["metadata"]["name"] and backend["port"]["name"] in [p["name"] for p in svc["spec"]["ports"]], "Ingress backend")
check(ing["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "3600", "Ingress read timeout")
print(f"   kubernetes: {len(docs)} documents ({', '.join(sorted(kinds))})")

# compose.yaml
with open(os.path.join(root, "docker", "compose.yaml")) as f:
    compose = yaml.safe_load(f)
services = compose["services"]
check({"postgres", "silo-1", "silo-2", "frontend-1", "frontend-2", "haproxy"} <= set(services), f"compose services: {sorted(services)}")
repo = os.path.dirname(root)
for sname, s in services.items():
    b = s.get("build")
    if b:
        ctx = os.path.normpath(os.path.join(root, "docker", b["context"]))
        check(os.path.exists(os.path.join(ctx, b["dockerfile"])), f"compose {sname}: no {b['dockerfile']}")
    envs = s.get("environment", {})
    if sname.startswith("silo-"):
        check(envs.get("Cluster__Role") == "Silo", f"compose {sname}: Cluster__Role")
    if sname.startswith(("silo-", "frontend-")):
        check(envs.get("Cluster__AdvertisedAddress") == f"http://{sname}:8080", f"compose {sname}: advertised address")
        check("Cluster__Secret" in envs and "ConnectionStrings__Postgres" in envs, f"compose {sname}: secret/connection")
    if sname.startswith("frontend-"):
        check("Api__Keys__0" in envs, f"compose {sname}: Api__Keys__0")
with open(os.path.join(root, "docker", "haproxy.cfg")) as f:
    servers = re.findall(r"^\s*server\s+(\S+)\s+(\S+):8080", f.read(), re.M)
check({s for s, _ in servers} == {n for n in services if n.startswith("frontend-")}, f"docker/haproxy.cfg servers {servers}")
for df in ("Dockerfile.silo", "Dockerfile.frontend"):
    text = open(os.path.join(root, "docker", df)).read()
    check("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build" in text and "FROM mcr.microsoft.com/dotnet/aspnet:10.0" in text, f"{df}: base images")
    check("USER $APP_UID" in text and "EXPOSE 8080" in text, f"{df}: user/expose")
    proj = re.search(r"dotnet publish (\S+)", text).group(1)
    check(os.path.isdir(os.path.join(repo, proj)), f"{df}: project {proj} not in the repository (yet)")
print(f"   compose: {len(services)} services ({', '.join(services)})")

if errors:
    print("FAILED:"); [print("   " + e) for e in errors]; sys.exit(1)
print("   all cross-references hold")
PY
echo "OK"
