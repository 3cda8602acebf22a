#!/usr/bin/env python3
"""Containers and pods from a real engine (podman with runc), and the image
run as the DaemonSet runs it (make test-containers, after make dist).

Oracles: `podman inspect` (ID, PID, pod), `/proc/<pid>/ns/*` of each
container's process, `/proc/*/cgroup` for processes per container, `lsns`
and `/run/netns` before and after, a real Prometheus for the rules, and the
DaemonSet manifest for how the image runs. Every test removes what it made.

If podman cannot run here (no podman, no cgroups), the tests say why and
skip; NAMESPACE_EXPORTER_REQUIRE_PODMAN=1 (CI) turns that into a failure.
"""

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

import yaml
from prometheus_client.parser import text_string_to_metric_families

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Tools"))
from waiting import eventually, free_port  # noqa: E402
HERE = os.path.dirname(os.path.abspath(__file__))
MINBASE = os.path.join(ROOT, ".build", "minbase-bookworm.tar")
BASE_IMAGE = "localhost/namespace-exporter-test-base"
TYPES = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"]
TAG = f"nsx-{os.getpid()}"
ENV = dict(os.environ, CONTAINERS_CONF=os.path.join(HERE, "containers.conf"))


def run(args, check=True, timeout=300, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=ENV, **kwargs)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
    return done


def podman(*args, check=True):
    return run(["podman", *args], check=check)



def get(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, socket.timeout):
        return None, ""


def samples(text, name):
    """The samples of family `name` in a text exposition (a real parser)."""
    return [s for family in text_string_to_metric_families(text) for s in family.samples if s.name == name]


def ns_inode(pid, kind):
    return int(os.readlink(f"/proc/{pid}/ns/{kind}").split("[")[1].rstrip("]"))


def lsns_inodes():
    listed = json.loads(run(["lsns", "-J", "-o", "NS"]).stdout)["namespaces"]
    return {int(entry["ns"]) for entry in listed}


def processes_in_cgroup_of(container_id):
    """Pids whose cgroup names the container: independent of the exporter's parser."""
    found = 0
    for path in glob.glob("/proc/[0-9]*/cgroup"):
        try:
            with open(path) as file:
                if f"libpod-{container_id}" in file.read():
                    found += 1
        except OSError:
            continue
    return found


_binary = None


def binary():
    """The static binary make dist packed, as a user unpacks it (once)."""
    global _binary
    if _binary:
        return _binary
    tarballs = glob.glob(os.path.join(ROOT, "dist", "namespace_exporter-*.tar.gz"))
    if len(tarballs) != 1:
        raise AssertionError(f"want one dist tarball (make dist), found {tarballs}")
    target = os.path.join(ROOT, ".build", "container-tests", "namespace_exporter")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with tarfile.open(tarballs[0]) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/namespace_exporter"))
        with tar.extractfile(member) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
    os.chmod(target, 0o755)
    _binary = target
    return target


def podman_unusable():
    """Why podman cannot run containers here; None when it can."""
    if shutil.which("podman") is None or shutil.which("runc") is None:
        return "podman or runc is not installed (make test installs podman runc catatonit)"
    if not os.path.exists("/sys/fs/cgroup"):
        return "no cgroup filesystem"
    info = podman("info", "--format", "{{.Host.OCIRuntime.Name}}", check=False)
    if info.returncode != 0:
        return f"podman info fails: {info.stderr.strip()}"
    return None


def setUpModule():
    reason = podman_unusable()
    if reason:
        if os.environ.get("NAMESPACE_EXPORTER_REQUIRE_PODMAN") == "1":
            raise AssertionError(f"podman is required here: {reason}")
        raise unittest.SkipTest(reason)
    # The base image, once per machine: Debian's minbase from mmdebstrap, no registry.
    if podman("image", "exists", BASE_IMAGE, check=False).returncode != 0:
        if not os.path.isfile(MINBASE):
            raise AssertionError(f"{MINBASE} is missing: make minbase makes it")
        podman("import", "--quiet", MINBASE, BASE_IMAGE)


class Exporter:
    """The exporter on the host, on a port of its own."""

    def __init__(self, *args):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [binary(), f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn", *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not eventually(lambda: get(self.url + "/metrics")[0] == 200, 30):
            self.stop()
            raise AssertionError("the exporter did not answer /metrics")

    def metrics(self):
        status, body = get(self.url + "/metrics")
        assert status == 200, status
        return body

    def json(self, path):
        status, body = get(self.url + path)
        assert status == 200, (path, status, body[:200])
        return json.loads(body)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ContainerTest(unittest.TestCase):
    """Starts containers and pods by name under TAG and removes them after."""

    def setUp(self):
        self.netns_before = set(os.listdir("/run/netns")) if os.path.isdir("/run/netns") else set()
        self.names = []
        self.pods = []
        self.addCleanup(self.remove_everything)

    def remove_everything(self):
        for name in reversed(self.names):
            podman("rm", "--force", "--time", "0", name, check=False)
        for pod in self.pods:
            podman("pod", "rm", "--force", pod, check=False)
        left = podman("ps", "--all", "--format", "{{.Names}}").stdout.split()
        self.assertEqual([n for n in left if n.startswith(TAG)], [], "containers left behind")
        netns = set(os.listdir("/run/netns")) if os.path.isdir("/run/netns") else set()
        self.assertEqual(netns - self.netns_before, set(), "/run/netns entries left behind")

    def container(self, suffix, *options, command=("sleep", "1000")):
        name = f"{TAG}-{suffix}"
        self.names.append(name)
        podman("run", "--detach", "--name", name, *options, BASE_IMAGE, *command)
        return self.inspect(name)

    def pod(self, suffix):
        name = f"{TAG}-{suffix}"
        self.pods.append(name)
        podman("pod", "create", "--name", name)
        return name

    @staticmethod
    def inspect(name):
        found = json.loads(podman("inspect", "--type", "container", name).stdout)[0]
        return {"id": found["Id"], "pid": found["State"]["Pid"], "pod": found.get("Pod") or "", "name": name}

    @staticmethod
    def attributed(metrics):
        """(type, inode) -> {container_id: labels} from linux_namespace_container_info."""
        found = {}
        for sample in samples(metrics, "linux_namespace_container_info"):
            labels = sample.labels
            found.setdefault((labels["type"], int(labels["inode"])), {})[labels["container_id"]] = labels
        return found


class Attribution(ContainerTest):
    def test_every_namespace_names_exactly_its_containers_and_pod(self):
        exporter = Exporter()
        self.addCleanup(exporter.stop)
        alone = [self.container("a"), self.container("b")]
        pod = self.pod("pod")
        members = [self.container("pa", "--pod", pod), self.container("pb", "--pod", pod)]
        infra_id = json.loads(podman("pod", "inspect", pod).stdout)["InfraContainerID"]
        infra = self.inspect(infra_id)
        pod_id = members[0]["pod"]
        self.assertTrue(pod_id and all(m["pod"] == pod_id for m in members + [infra]))
        everyone = alone + members + [infra]
        ids = {c["id"] for c in everyone}

        # The oracle: which of the test's containers each namespace holds, from /proc/<pid>/ns.
        expected = {}
        for c in everyone:
            for kind in TYPES:
                expected.setdefault((kind, ns_inode(c["pid"], kind)), set()).add(c["id"])
        host = {(kind, ns_inode(os.getpid(), kind)) for kind in TYPES}

        def seen():
            found = self.attributed(exporter.metrics())
            return found if ids <= {i for got in found.values() for i in got} else None
        found = eventually(seen, 30)
        self.assertIsNotNone(found, "the containers never showed on /metrics")
        for key, want in expected.items():
            got = found.get(key, {})
            self.assertEqual(set(got) & ids, want, f"{key}: attributed {sorted(got)}")
            if key not in host:
                # Not shared with the host: only the test's containers are in it.
                self.assertEqual(set(got), want, key)
            for container_id in want:
                labels = got[container_id]
                self.assertEqual(labels["runtime"], "podman")
                in_pod = container_id in {m["id"] for m in members} | {infra["id"]}
                self.assertEqual(labels["pod_uid"], pod_id if in_pod else "", (key, container_id))
        # The pod's shared namespaces belong to all three, not to the infra container alone.
        shared = {(kind, ns_inode(infra["pid"], kind)) for kind in ("net", "ipc", "uts")}
        for key in shared:
            self.assertEqual(expected[key], {infra["id"]} | {m["id"] for m in members})
            self.assertEqual(set(found[key]), expected[key])

        # Processes per container against /proc/*/cgroup.
        counts = {s.labels["container_id"]: s.value for s in samples(exporter.metrics(), "linux_container_processes")}
        for c in everyone:
            self.assertEqual(counts.get(c["id"]), processes_in_cgroup_of(c["id"]), c["name"])

        # The snapshot's container filter: every namespace of container a, by ID prefix.
        a = alone[0]
        snapshot = exporter.json(f"/snapshot.json?container={a['id'][:12]}")
        got = {(n["type"], n["inode"]) for n in snapshot["namespaces"]}
        self.assertEqual(got, {(kind, ns_inode(a["pid"], kind)) for kind in TYPES})
        self.assertTrue(all(any(c["container_id"] == a["id"] for c in n["containers"]) for n in snapshot["namespaces"]))

        # `list`: the pod's net namespace row names the pod and its three containers.
        listing = run([binary(), "list"]).stdout
        net = ns_inode(infra["pid"], "net")
        row = next(line for line in listing.splitlines() if line.startswith("net ") and f" {net} " in line)
        self.assertTrue(row.endswith(f"pod:{pod_id[:12]} (3 containers)"), row)
        print("\n" + "\n".join(line for line in listing.splitlines()
                               if line.startswith("TYPE") or any(c["id"][:12] in line or pod_id[:12] in line for c in everyone)))


class KubernetesNames(ContainerTest):
    def test_annotations_from_the_runtime_state_become_labels(self):
        exporter = Exporter()
        self.addCleanup(exporter.stop)
        named = self.container(
            "k8s", "--annotation", "io.kubernetes.pod.name=web-0", "--annotation", "io.kubernetes.pod.namespace=shop",
            "--annotation", "io.kubernetes.container.name=nginx")
        plain = self.container("plain")
        mnt_named, mnt_plain = ns_inode(named["pid"], "mnt"), ns_inode(plain["pid"], "mnt")

        def labels():
            found = self.attributed(exporter.metrics())
            got = found.get(("mnt", mnt_named), {}).get(named["id"]), found.get(("mnt", mnt_plain), {}).get(plain["id"])
            return got if all(got) else None
        got = eventually(labels, 30)
        self.assertIsNotNone(got, "the containers never showed on /metrics")
        self.assertEqual({k: got[0][k] for k in ("pod", "pod_namespace", "container")},
                         {"pod": "web-0", "pod_namespace": "shop", "container": "nginx"})
        self.assertEqual({k: got[1][k] for k in ("pod", "pod_namespace", "container")},
                         {"pod": "", "pod_namespace": "", "container": ""})
        for sample in samples(exporter.metrics(), "linux_namespace_container_info"):
            self.assertNotIn("namespace", sample.labels, "never a label called namespace")
        snapshot = exporter.json("/snapshot.json?container=web-0")
        self.assertIn(("mnt", mnt_named), {(n["type"], n["inode"]) for n in snapshot["namespaces"]})
        self.assertNotIn(("mnt", mnt_plain), {(n["type"], n["inode"]) for n in snapshot["namespaces"]})


class Lifecycle(ContainerTest):
    def test_stop_and_remove_destroy_the_namespaces_and_leave_nothing(self):
        exporter = Exporter()
        self.addCleanup(exporter.stop)
        alone = self.container("life")
        pod = self.pod("lifepod")
        member = self.container("lifepa", "--pod", pod)
        infra = self.inspect(json.loads(podman("pod", "inspect", pod).stdout)["InfraContainerID"])
        host = {ns_inode(os.getpid(), kind) for kind in TYPES}
        made = {(kind, ns_inode(c["pid"], kind)) for c in (alone, member, infra) for kind in TYPES} - {
            (kind, ino) for kind in TYPES for ino in host}
        ids = {alone["id"], member["id"], infra["id"]}
        eventually(lambda: ids <= {i for got in self.attributed(exporter.metrics()).values() for i in got}, 30)

        podman("stop", "--time", "0", alone["name"])
        podman("rm", alone["name"])
        podman("pod", "rm", "--force", pod)

        def gone():
            metrics = exporter.metrics()
            live = {(s.labels["type"], int(s.labels["inode"])) for s in samples(metrics, "linux_namespace_info")}
            containers = {s.labels["container_id"] for s in samples(metrics, "linux_container_processes")}
            return not (live & made) and not (containers & ids)
        self.assertTrue(eventually(gone, 30), "the containers' namespaces or series stayed")
        events = exporter.json("/events")["events"]
        destroyed = {(e["type"], e["inode"]): e for e in events if e["kind"] == "destroyed"}
        for key in made:
            self.assertIn(key, destroyed, f"{key} not counted destroyed")
            self.assertGreater(destroyed[key]["lifetime_seconds"], 0)
        self.assertEqual(lsns_inodes() & {ino for _, ino in made}, set(), "lsns still lists them")


class Prometheus:
    def __init__(self, targets, rule_files=()):
        self.directory = tempfile.mkdtemp(prefix="namespace-exporter-prom-")
        self.port = free_port()
        config = {"global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                  "rule_files": list(rule_files),
                  "scrape_configs": [{"job_name": "namespace_exporter", "static_configs": [{"targets": targets}]}]}
        with open(os.path.join(self.directory, "prometheus.yml"), "w") as file:
            yaml.safe_dump(config, file)
        self.process = subprocess.Popen(
            ["prometheus", f"--config.file={self.directory}/prometheus.yml", f"--storage.tsdb.path={self.directory}/data",
             f"--web.listen-address=127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not eventually(lambda: get(f"http://127.0.0.1:{self.port}/-/ready")[0] == 200, 30):
            self.stop()
            raise AssertionError("prometheus did not get ready")

    def query(self, expression):
        url = f"http://127.0.0.1:{self.port}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
        status, body = get(url)
        assert status == 200, (expression, body)
        return json.loads(body)["data"]["result"]

    def stop(self):
        self.process.terminate()
        self.process.wait(30)
        shutil.rmtree(self.directory, ignore_errors=True)


def shipped_container_expressions():
    """The dashboard's and the rules' expressions that need a container engine to return data."""
    found = []
    with open(os.path.join(ROOT, "dashboards", "namespace-exporter.json")) as file:
        for panel in json.load(file)["panels"]:
            for target in panel.get("targets", []):
                expression = target["expr"].replace("$instance", ".*").replace("$type", ".*")
                if "container" in expression:
                    found.append((panel["title"], expression))
    return found


def rule(name):
    for path in ("recording-rules.yml", "alerts.yml"):
        with open(os.path.join(ROOT, "deploy", "prometheus", path)) as file:
            for group in yaml.safe_load(file)["groups"]:
                for entry in group["rules"]:
                    if name in (entry.get("record"), entry.get("alert")):
                        return entry["expr"].strip()
    raise KeyError(name)


class Leak(ContainerTest):
    """A network namespace left bind-mounted after its container is gone, as
    a failed CNI teardown leaves it: the container ran in it (podman's
    `--network ns:`), then was removed; the mount stayed."""

    def test_a_leaked_netns_is_pinned_by_its_mount_and_the_rule_finds_it(self):
        name = f"cni-{uuid.uuid4()}"
        run(["ip", "netns", "add", name])
        self.addCleanup(run, ["ip", "netns", "delete", name], check=False)
        inode = os.stat(f"/run/netns/{name}").st_ino
        tenant = self.container("tenant", "--network", f"ns:/run/netns/{name}")
        self.assertEqual(ns_inode(tenant["pid"], "net"), inode)
        # A live pod for the dashboard's container and pod panels.
        keeper = self.container("keeper", "--pod", self.pod("keeperpod"))
        exporter = Exporter("--sample.interval=1s")
        self.addCleanup(exporter.stop)
        self.assertTrue(eventually(lambda: ("net", inode) in self.attributed(exporter.metrics()), 30))
        podman("rm", "--force", "--time", "0", tenant["name"])

        def pinned_by_mount_only():
            metrics = exporter.metrics()
            holders = {s.labels["holder"]: s.value for s in samples(metrics, "linux_namespace_holders")
                       if s.labels["type"] == "net" and int(s.labels["inode"]) == inode}
            return holders == {"bindmount": 1.0} and ("net", inode) not in self.attributed(metrics)
        self.assertTrue(eventually(pinned_by_mount_only, 30), "not shown pinned by its bind mount alone")
        mounts = [s.labels["path"] for s in samples(exporter.metrics(), "linux_namespace_bind_mount_info")
                  if int(s.labels["inode"]) == inode]
        self.assertEqual(mounts, [f"/run/netns/{name}"])

        prometheus = Prometheus([f"127.0.0.1:{exporter.port}"])
        self.addCleanup(prometheus.stop)
        leaked = rule("instance_path:linux_namespace_net_pinned_by_mount_only:info")
        found = eventually(lambda: [r for r in prometheus.query(leaked) if r["metric"].get("inode") == str(inode)], 30)
        self.assertTrue(found, "the recording rule's expression does not return the leak")
        self.assertEqual(found[0]["metric"]["path"], f"/run/netns/{name}")
        # The alert's own expression (its 15 minutes are its `for`, shown by promtool's test).
        self.assertEqual(rule("NetworkNamespaceLeaked"), "instance_path:linux_namespace_net_pinned_by_mount_only:info")
        # The keeper's network namespace is not a leak: a live container is in it.
        keeper_net = ns_inode(keeper["pid"], "net")
        self.assertFalse([r for r in prometheus.query(leaked) if r["metric"].get("inode") == str(keeper_net)])
        for title, expression in shipped_container_expressions():
            self.assertTrue(eventually(lambda: prometheus.query(expression), 30), f"dashboard {title}: no data")


CAPABILITIES = {"CHOWN": 0, "DAC_OVERRIDE": 1, "DAC_READ_SEARCH": 2, "FOWNER": 3, "SETGID": 6, "SETUID": 7,
                "NET_ADMIN": 12, "SYS_PTRACE": 19, "SYS_ADMIN": 21, "PERFMON": 38, "BPF": 39}


def effective_capabilities(pid):
    with open(f"/proc/{pid}/status") as file:
        fields = dict(line.split(":", 1) for line in file if ":" in line)
    mask = int(fields["CapEff"].strip(), 16)
    unknown = mask & ~sum(1 << bit for bit in CAPABILITIES.values())
    return {name for name, bit in CAPABILITIES.items() if mask & (1 << bit)} | ({f"0x{unknown:x}"} if unknown else set()), \
        int(fields["Uid"].split()[1])


class Image(ContainerTest):
    """deploy/docker/Dockerfile built offline from the dist binary and the
    minbase image, run with what deploy/kubernetes/daemonset.yaml asks."""

    def test_the_image_runs_as_the_daemonset_runs_it(self):
        with open(os.path.join(ROOT, "deploy", "kubernetes", "daemonset.yaml")) as file:
            daemonset = yaml.safe_load(file)
        spec = daemonset["spec"]["template"]["spec"]
        container = spec["containers"][0]
        security = container["securityContext"]
        capabilities = security["capabilities"]["add"]
        self.assertEqual(security["capabilities"]["drop"], ["ALL"])
        # One list: the manifest kubernetes-validate checks, this run, and the Dockerfile's example.
        run(["kubernetes-validate", "--strict", "--quiet", os.path.join(ROOT, "deploy", "kubernetes", "daemonset.yaml")])
        with open(os.path.join(ROOT, "deploy", "docker", "Dockerfile")) as file:
            dockerfile = file.read()
        example = dockerfile.split("--cap-add=")[1].split()[0]
        self.assertEqual(set(example.split(",")), set(capabilities), "the Dockerfile's example grants other capabilities")

        context = tempfile.mkdtemp(prefix="namespace-exporter-image-")
        self.addCleanup(shutil.rmtree, context, ignore_errors=True)
        shutil.copy(binary(), os.path.join(context, "namespace_exporter"))
        image = f"localhost/namespace-exporter-test:{os.getpid()}"
        self.addCleanup(podman, "rmi", "--force", image, check=False)
        # The build's intermediate stages are left as untagged images: remove those it made.
        untagged = lambda: set(podman("images", "--all", "--quiet", "--no-trunc", "--filter", "dangling=true").stdout.split())
        before = untagged()
        self.addCleanup(lambda: [podman("rmi", "--force", i, check=False) for i in untagged() - before])
        podman("build", "--quiet", "--file", os.path.join(ROOT, "deploy", "docker", "Dockerfile"),
               "--build-arg", "BINARY=dist", "--build-arg", "DIST_BINARY=namespace_exporter",
               "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "--tag", image, context)
        user = json.loads(podman("image", "inspect", image).stdout)[0]["Config"].get("User", "")
        self.assertEqual(user.split(":")[0], str(security["runAsUser"]), "the image's user is the manifest's")

        # Something for it to find: a container with Kubernetes names.
        target = self.container("seen", "--annotation", "io.kubernetes.pod.name=seen-0",
                                "--annotation", "io.kubernetes.pod.namespace=ops")
        options = ["--pid=host" if spec.get("hostPID") else "--pid=private", "--cap-drop=ALL"]
        options += [f"--cap-add={c}" for c in capabilities]
        if security.get("readOnlyRootFilesystem"):
            options.append("--read-only")
        if security.get("seccompProfile", {}).get("type") == "Unconfined":
            options += ["--security-opt", "seccomp=unconfined"]
        if security.get("appArmorProfile", {}).get("type") == "Unconfined":
            options += ["--security-opt", "apparmor=unconfined"]
        if security.get("allowPrivilegeEscalation") is False:
            options += ["--security-opt", "no-new-privileges"]
        volumes = {v["name"]: v for v in spec["volumes"]}
        for mount in container["volumeMounts"]:
            volume = volumes[mount["name"]]
            if "emptyDir" in volume:
                options += ["--tmpfs", mount["mountPath"]]
                continue
            path = volume["hostPath"]["path"]
            if not os.path.exists(path) and volume["hostPath"].get("type") == "DirectoryOrCreate":
                os.makedirs(path)
                self.addCleanup(os.removedirs, path)
            flags = ["ro"] if mount.get("readOnly") else []
            if mount.get("mountPropagation") == "HostToContainer":
                flags.append("rslave")
            options += ["--volume", f"{path}:{mount['mountPath']}" + (":" + ",".join(flags) if flags else "")]
        port = free_port()
        name = f"{TAG}-image"
        self.names.append(name)
        podman("run", "--detach", "--name", name, *options, "--publish", f"127.0.0.1:{port}:9819", image, *container["args"])
        url = f"http://127.0.0.1:{port}"
        if not eventually(lambda: get(url + "/metrics")[0] == 200, 60):
            self.fail("the image does not serve /metrics: " + podman("logs", name, check=False).stderr[-2000:])
        exporter_pid = self.inspect(name)["pid"]
        granted, uid = effective_capabilities(exporter_pid)
        self.assertEqual(granted, set(capabilities), "the manifest's capabilities and nothing more")
        self.assertEqual(uid, security["runAsUser"])

        host_net = ns_inode(os.getpid(), "net")

        def found():
            metrics = get(url + "/metrics")[1]
            net = {int(s.labels["inode"]) for s in samples(metrics, "linux_namespace_info") if s.labels["type"] == "net"}
            named = [s.labels for s in samples(metrics, "linux_namespace_container_info")
                     if s.labels["container_id"] == target["id"]]
            return (net, named) if host_net in net and named else None
        seen = eventually(found, 60)
        self.assertIsNotNone(seen, "the host's namespaces or the test's container are missing inside the image")
        self.assertIn(ns_inode(target["pid"], "net"), seen[0])
        self.assertEqual({(l["pod"], l["pod_namespace"]) for l in seen[1]}, {("seen-0", "ops")},
                         "the OCI state roots are mounted and read")
        status, body = get(url + "/probe?module=all", timeout=30)
        self.assertEqual(status, 200, body[:500])
        success = [s.value for s in samples(body, "probe_success")]
        self.assertEqual(success, [1.0], body[:2000])


if __name__ == "__main__":
    unittest.main()
