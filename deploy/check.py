"""Static cross-checks of deploy/ against each other and against the code, run by check.sh.

Needs no Docker engine and no Kubernetes cluster: parses the YAML, Dockerfiles, HAProxy config and scripts,
reads the configuration keys and defaults the hosts declare in their C# sources, and the names Orleans'
Kubernetes hosting package uses (environment variables, pod labels, API calls) from its restored assembly.
"""
import glob
import ipaddress
import os
import re
import sys

import yaml

DEPLOY = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(DEPLOY)
NAMESPACE = "orleans-csms"
errors = []


def check(condition, message):
    if not condition:
        errors.append(message)
    return condition


def read(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return f.read()


# ------------------------------------------------------------------------------------ what the code declares

SOURCES = "\n".join(
    read(path)
    for root in ("src", "silo", "grains")
    for path in glob.glob(os.path.join(REPO, root, "**", "*.cs"), recursive=True)
    if f"{os.sep}obj{os.sep}" not in path and f"{os.sep}bin{os.sep}" not in path)

CLUSTER_OPTIONS = read(REPO, "src", "OrleansCsms.Hosting", "CsmsClusterOptions.cs")


def cluster_default(name):
    match = re.search(rf"\b{name}\s*\{{\s*get;\s*set;\s*\}}\s*=\s*([^;]+);", CLUSTER_OPTIONS)
    return match.group(1).strip().strip('"').replace("_", "") if match else None


SILO_PORT = cluster_default("SiloPort")
GATEWAY_PORT = cluster_default("GatewayPort")
check(SILO_PORT and GATEWAY_PORT, "CsmsClusterOptions: SiloPort/GatewayPort defaults not found")

# Names from ASP.NET Core and .NET itself, not from this project's code.
PLATFORM_KEYS = {"Urls", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_gcServer", "DOTNET_NOLOGO"}


def config_key_known(env_name):
    """Whether an environment variable (Section__Key__0 form) names a setting the hosts read."""
    parts = [p for p in env_name.split("__") if not p.isdigit()]
    if parts[0] == "Logging":
        return True
    if parts[0] == "ConnectionStrings":
        return f'"{parts[1]}"' in SOURCES
    if f'"{":".join(parts)}"' in SOURCES:
        return True
    section_bound = f'"{parts[0]}"' in SOURCES
    property_declared = re.search(rf"public\s+[\w<>\[\]?,. ]+\s{re.escape(parts[-1])}\s*\{{\s*get;", SOURCES)
    return len(parts) == 2 and section_bound and property_declared is not None


# Orleans' Kubernetes hosting: its assembly holds the environment variable and label names it reads, and
# the Kubernetes API calls it makes (which decide the RBAC verbs a silo needs).
def kubernetes_hosting_assembly():
    props = read(REPO, "Directory.Packages.props")
    match = re.search(r'Include="Microsoft\.Orleans\.Hosting\.Kubernetes"\s+Version="([^"]+)"', props)
    if not check(match, "Directory.Packages.props: no Microsoft.Orleans.Hosting.Kubernetes version"):
        return None
    path = os.path.expanduser(
        f"~/.nuget/packages/microsoft.orleans.hosting.kubernetes/{match.group(1)}/lib/net10.0/Orleans.Hosting.Kubernetes.dll")
    if not os.path.exists(path):
        print(f"   -- {path} not restored (dotnet restore): names of the Kubernetes hosting package not checked")
        return None
    with open(path, "rb") as f:
        return f.read()


K8S_DLL = kubernetes_hosting_assembly()


def hosting_uses_string(value):
    return K8S_DLL is None or value.encode("utf-16-le") in K8S_DLL


def hosting_required_verbs():
    if K8S_DLL is None:
        return {"get", "list", "watch", "delete"}
    calls = {"ReadNamespacedPod": "get", "ListNamespacedPod": "list", "Watch": "watch",
             "PatchNamespacedPod": "patch", "DeleteNamespacedPod": "delete"}
    return {verb for call, verb in calls.items() if call.encode() in K8S_DLL}


# ------------------------------------------------------------------------------------ every file of deploy/

# Settings of the cluster layer that Orleans replaced: none may come back.
RETIRED = ["Cluster__Secret", "Cluster:Secret", "Cluster__Partitions", "Cluster:Partitions", "Cluster__HeartbeatInterval",
           "Cluster:HeartbeatInterval", "Cluster__LeaseDuration", "Cluster:LeaseDuration", "Cluster__RetryBudget",
           "Cluster:RetryBudget", "cluster-secret", "CSMS_CLUSTER_SECRET", "CSMS_PARTITIONS", "cluster_silos",
           "cluster_front_ends", "cluster_partitions", "--partitions"]
deploy_files = [p for p in glob.glob(os.path.join(DEPLOY, "**", "*"), recursive=True) + glob.glob(os.path.join(DEPLOY, "**", ".*"), recursive=True)
                if os.path.isfile(p) and f"{os.sep}.run{os.sep}" not in p and os.path.basename(p) not in ("check.py",)]
env_names = set()
for path in deploy_files:
    text = read(path)
    name = os.path.relpath(path, DEPLOY)
    for word in RETIRED:
        check(word not in text, f"{name}: retired setting {word}")
    check(not re.search(r"AdvertisedAddress[\"'=: ]+\"?https?://", text), f"{name}: Cluster:AdvertisedAddress is an IP, not a URL")
    env_names |= set(re.findall(r"\b((?:Cluster|ConnectionStrings|Dashboard|Api|Storage|Ocpp|Orleans)__[A-Za-z0-9_]+)", text))
for env_name in sorted(env_names):
    check(config_key_known(env_name), f"{env_name}: no such setting in the hosts' code")

# ------------------------------------------------------------------------------------ Kubernetes

docs = []
for path in sorted(glob.glob(os.path.join(DEPLOY, "kubernetes", "*.yaml"))):
    with open(path, encoding="utf-8") as f:
        docs += [(os.path.basename(path), d) for d in yaml.safe_load_all(f) if d]
kinds = {}
for file, d in docs:
    check("apiVersion" in d and "kind" in d, f"{file}: a document lacks apiVersion/kind")
    kinds.setdefault(d["kind"], []).append(d)
    if d["kind"] not in ("Kustomization", "Namespace"):
        check(d.get("metadata", {}).get("namespace") == NAMESPACE, f"{file}: {d['kind']} {d['metadata'].get('name')} not in {NAMESPACE}")
check([n["metadata"]["name"] for n in kinds.get("Namespace", [])] == [NAMESPACE], "namespace.yaml")
kustomization = kinds["Kustomization"][0]
listed = set(kustomization["resources"])
check(listed == {os.path.basename(p) for p in glob.glob(os.path.join(DEPLOY, "kubernetes", "*.yaml"))} - {"kustomization.yaml"},
      f"kustomization.yaml resources {sorted(listed)} differ from the files")

secret = kinds["Secret"][0]
secret_keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
deployments = {d["metadata"]["name"]: d for d in kinds["Deployment"]}
check(set(deployments) == {"silo", "frontend"}, f"deployments: {sorted(deployments)}")


def container(deployment):
    return deployment["spec"]["template"]["spec"]["containers"][0]


def env_of(c):
    return {e["name"]: e for e in c.get("env", [])}


def env_value(c, name):
    return env_of(c).get(name, {}).get("value")


for name, d in deployments.items():
    spec, pod = d["spec"], d["spec"]["template"]["spec"]
    labels = spec["template"]["metadata"]["labels"]
    check(spec["selector"]["matchLabels"].items() <= labels.items(), f"{name}: selector does not match the pod labels")
    check(pod.get("terminationGracePeriodSeconds", 0) >= 30, f"{name}: terminationGracePeriodSeconds below 30")
    c = container(d)
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    urls = env_value(c, "Urls") or ""
    check(urls.endswith(f":{ports.get('http')}"), f"{name}: Urls {urls} is not the http port {ports.get('http')}")
    for e in c["env"]:
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            check(ref["name"] == secret["metadata"]["name"] and ref["key"] in secret_keys, f"{name}: secret reference {ref}")
    for probe, path in (("startupProbe", "/health/live"), ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
        get = c.get(probe, {}).get("httpGet", {})
        check(get.get("path") == path and get.get("port") in ("http", ports.get("http")), f"{name}: {probe} must GET {path} on http")
    check("ConnectionStrings__Postgres" in env_of(c), f"{name}: ConnectionStrings__Postgres")

silo, frontend = container(deployments["silo"]), container(deployments["frontend"])
silo_env, silo_pod = env_of(silo), deployments["silo"]["spec"]["template"]
check(env_value(silo, "Cluster__Role") == "Silo", "silo: Cluster__Role=Silo")
check(env_value(silo, "Cluster__Kubernetes") == "true", "silo: Cluster__Kubernetes=true")
check("Cluster__AdvertisedAddress" not in silo_env, "silo: the advertised address comes from POD_IP, not Cluster__AdvertisedAddress")
for var, field in (("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP")):
    check(silo_env.get(var, {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == field, f"silo: {var} from {field}")
for var in ("POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "orleans/serviceId", "orleans/clusterId"):
    check(hosting_uses_string(var), f"Orleans' Kubernetes hosting does not use {var}")
service_id, cluster_id = env_value(silo, "ORLEANS_SERVICE_ID"), env_value(silo, "ORLEANS_CLUSTER_ID")
check(service_id and cluster_id, "silo: ORLEANS_SERVICE_ID and ORLEANS_CLUSTER_ID")
check(silo_pod["metadata"]["labels"].get("orleans/serviceId") == service_id, "silo: pod label orleans/serviceId differs from ORLEANS_SERVICE_ID")
check(silo_pod["metadata"]["labels"].get("orleans/clusterId") == cluster_id, "silo: pod label orleans/clusterId differs from ORLEANS_CLUSTER_ID")
check(env_value(frontend, "Cluster__ServiceId") == service_id, "frontend: Cluster__ServiceId differs from the silos'")
check(env_value(frontend, "Cluster__ClusterId") == cluster_id, "frontend: Cluster__ClusterId differs from the silos'")
silo_ports = {p["name"]: str(p["containerPort"]) for p in silo["ports"]}
check(silo_ports.get("silo") == (env_value(silo, "Cluster__SiloPort") or SILO_PORT), "silo: container port 'silo' differs from Cluster__SiloPort")
check(silo_ports.get("gateway") == (env_value(silo, "Cluster__GatewayPort") or GATEWAY_PORT), "silo: container port 'gateway' differs from Cluster__GatewayPort")
check("Cluster__Role" not in env_of(frontend), "frontend must not set Cluster__Role")
check("Api__Keys__0" in env_of(frontend), "frontend: Api__Keys__0 (required beyond loopback)")
check(deployments["frontend"]["spec"]["template"]["spec"].get("automountServiceAccountToken") is False, "frontend: no service account token")

# The silo's service account is bound to a role with the pod rights the hosting package needs.
account = silo_pod["spec"].get("serviceAccountName")
check(account in [a["metadata"]["name"] for a in kinds.get("ServiceAccount", [])], f"silo: service account {account} not defined")
granted = set()
for binding in kinds.get("RoleBinding", []):
    if any(s["kind"] == "ServiceAccount" and s["name"] == account for s in binding["subjects"]):
        for role in kinds.get("Role", []):
            if role["metadata"]["name"] == binding["roleRef"]["name"]:
                for rule in role["rules"]:
                    if "" in rule["apiGroups"] and "pods" in rule["resources"]:
                        granted |= set(rule["verbs"])
needed = hosting_required_verbs()
check(needed <= granted, f"silo RBAC: pods verbs {sorted(granted)} lack {sorted(needed - granted)}")

pod_labels = {n: d["spec"]["template"]["metadata"]["labels"] for n, d in deployments.items()}
port_names = {n: {p["name"] for p in container(d)["ports"]} for n, d in deployments.items()}
services = {s["metadata"]["name"]: s for s in kinds["Service"]}
for name, s in services.items():
    targets = [n for n, labels in pod_labels.items() if s["spec"]["selector"].items() <= labels.items()]
    check(len(targets) == 1, f"Service {name}: selector matches {targets}")
    for p in s["spec"]["ports"]:
        check(not targets or p["targetPort"] in port_names[targets[0]], f"Service {name}: targetPort {p['targetPort']}")
for pdb in kinds.get("PodDisruptionBudget", []):
    check(any(pdb["spec"]["selector"]["matchLabels"].items() <= l.items() for l in pod_labels.values()), f"PDB {pdb['metadata']['name']}: selector")
for ingress in kinds.get("Ingress", []):
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            check(backend["name"] in services and backend["port"]["name"] in [p["name"] for p in services[backend["name"]]["spec"]["ports"]],
                  f"Ingress: backend {backend}")
    check(ingress["metadata"]["annotations"].get("nginx.ingress.kubernetes.io/proxy-read-timeout") == "3600", "Ingress: WebSocket read timeout")
print(f"   kubernetes: {len(docs)} documents ({', '.join(sorted(kinds))})")

# ------------------------------------------------------------------------------------ Dockerfiles

images = {}
for kind, project in (("silo", "silo/OrleansCsms.Silo"), ("frontend", "src/OrleansCsms.Frontend.Host")):
    file = f"Dockerfile.{kind}"
    text = read(DEPLOY, "docker", file)
    check(os.path.exists(os.path.join(DEPLOY, "docker", file + ".dockerignore")), f"{file}: no {file}.dockerignore")
    check("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build" in text and "FROM mcr.microsoft.com/dotnet/aspnet:10.0" in text, f"{file}: base images")
    check("USER $APP_UID" in text, f"{file}: non-root user")
    published = re.search(r"dotnet publish (\S+)", text)
    check(published and published.group(1) == project and os.path.isdir(os.path.join(REPO, project)), f"{file}: publishes {project}")
    csproj = os.path.join(REPO, project, os.path.basename(project) + ".csproj")
    check(os.path.exists(csproj) and "<AssemblyName>" not in read(csproj), f"{file}: {csproj} with its default assembly name")
    check(f'ENTRYPOINT ["dotnet", "{os.path.basename(project)}.dll"]' in text, f"{file}: entry point is not {os.path.basename(project)}.dll")
    exposed = set(" ".join(re.findall(r"^EXPOSE (.+)$", text, re.M)).split())
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(re.findall(r"^ENV ((?:.*\\\n)*.*)$", text, re.M)).replace("\\\n", " ")))
    images[kind] = (exposed, env)
    check(env.get("Urls") == "http://+:8080" and "8080" in exposed, f"{file}: Urls and EXPOSE 8080")
check({SILO_PORT, GATEWAY_PORT} <= images["silo"][0], f"Dockerfile.silo: EXPOSE lacks {SILO_PORT}/{GATEWAY_PORT}")
check(images["silo"][1].get("Cluster__Role") == "Silo", "Dockerfile.silo: ENV Cluster__Role=Silo")
check("Cluster__Role" not in images["frontend"][1], "Dockerfile.frontend must not set Cluster__Role")
check(str(silo_ports.get("http")) == "8080" and {silo_ports.get("silo"), silo_ports.get("gateway")} <= images["silo"][0],
      "kubernetes silo ports differ from the image's")

# ------------------------------------------------------------------------------------ compose

compose = yaml.safe_load(read(DEPLOY, "docker", "compose.yaml"))
services = compose["services"]
check({"postgres", "silo-1", "silo-2", "frontend-1", "frontend-2", "haproxy"} <= set(services), f"compose services: {sorted(services)}")
placeholders = set(re.findall(r"^([A-Z_]+)=", read(DEPLOY, "docker", "env.example"), re.M))
used = set(re.findall(r"\$\{([A-Z_]+)", read(DEPLOY, "docker", "compose.yaml")))
check(used <= placeholders, f"compose uses {sorted(used - placeholders)} missing from env.example")
ipam = compose["networks"]["cluster"]["ipam"]["config"][0]
subnet, dynamic = ipaddress.ip_network(ipam["subnet"]), ipaddress.ip_network(ipam["ip_range"])
ids = set()
for name, s in services.items():
    build = s.get("build")
    if build:
        check(os.path.exists(os.path.normpath(os.path.join(DEPLOY, "docker", build["context"], build["dockerfile"]))), f"compose {name}: {build['dockerfile']}")
    for dependency in s.get("depends_on", {}):
        check(dependency in services, f"compose {name}: depends on unknown {dependency}")
    env = s.get("environment", {})
    if name.startswith(("silo-", "frontend-")):
        check("ConnectionStrings__Postgres" in env, f"compose {name}: ConnectionStrings__Postgres")
        ids.add((env.get("Cluster__ClusterId"), env.get("Cluster__ServiceId")))
        check(env.get("Urls", "").endswith(":8080"), f"compose {name}: Urls port 8080")
        check("/dev/tcp/127.0.0.1/8080" in " ".join(s["healthcheck"]["test"]) and "/health/ready" in " ".join(s["healthcheck"]["test"]),
              f"compose {name}: healthcheck must GET /health/ready on 8080")
    if name.startswith("silo-"):
        address = env.get("Cluster__AdvertisedAddress")
        fixed = s["networks"]["cluster"].get("ipv4_address")
        check(address == fixed, f"compose {name}: Cluster__AdvertisedAddress {address} is not its ipv4_address {fixed}")
        if fixed:
            ip = ipaddress.ip_address(fixed)
            check(ip in subnet and ip not in dynamic, f"compose {name}: {fixed} must be in {subnet} and outside ip_range {dynamic}")
        check({str(env.get("Cluster__SiloPort", SILO_PORT)), str(env.get("Cluster__GatewayPort", GATEWAY_PORT))} <= images["silo"][0],
              f"compose {name}: silo/gateway ports not exposed by the image")
        check(env.get("Dashboard__Enabled") == "true", f"compose {name}: Dashboard__Enabled")
    if name.startswith("frontend-"):
        check("Api__Keys__0" in env, f"compose {name}: Api__Keys__0")
check(len(ids) == 1, f"compose: ClusterId/ServiceId differ between silos and front-ends: {ids}")
addresses = [services[n]["environment"]["Cluster__AdvertisedAddress"] for n in services if n.startswith("silo-")]
check(len(addresses) == len(set(addresses)), f"compose: silos share an address {addresses}")
servers = re.findall(r"^\s*server\s+(\S+)\s+(\S+):(\d+)", read(DEPLOY, "docker", "haproxy.cfg"), re.M)
check({s for s, _, _ in servers} == {n for n in services if n.startswith("frontend-")} and all(p == "8080" for *_, p in servers),
      f"docker/haproxy.cfg servers {servers}")
print(f"   compose: {len(services)} services ({', '.join(services)})")

# ------------------------------------------------------------------------------------ local-cluster.sh

script = read(DEPLOY, "local-cluster.sh")
check("Dashboard__Enabled=true" in script and "Cluster__Role=Silo" in script, "local-cluster.sh: silos with the dashboard")
check(os.path.isdir(os.path.join(REPO, "silo", "OrleansCsms.Silo")) and os.path.isdir(os.path.join(REPO, "src", "OrleansCsms.Frontend.Host")),
      "local-cluster.sh: host projects missing")
print(f"   settings named in deploy/: {', '.join(sorted(env_names))}")

if errors:
    print("FAILED:")
    for e in errors:
        print("   " + e)
    sys.exit(1)
print("   all cross-references hold")
