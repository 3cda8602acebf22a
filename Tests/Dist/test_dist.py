#!/usr/bin/env python3
"""The release artifacts of `make dist`, checked as a user gets them.

- The tarball's binary, unpacked, runs where there is no Swift: a private
  mount namespace with an empty tmpfs over /opt/swift. It serves /metrics,
  lists namespaces and runs a probe there. The dynamic debug build fails in
  the same place, which shows that the place has no Swift.
- ldd names only libc-level system libraries.
- --version and namespace_exporter_build_info carry the checkout's revision.
- The .deb installs with dpkg into a Debian minbase tree (mmdebstrap, made
  once and kept in .build/), runs there, its unit verifies, and dpkg -r and
  -P take away every file it brought. The host is the same before and after.

Run by `make test-dist` (part of `make test`) as root.
"""
import os
import shutil
import socket
import subprocess
import tarfile
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIST = os.path.join(ROOT, "dist")
DEBUG_BINARY = os.path.join(ROOT, ".build", "debug", "namespace_exporter")
MINBASE = os.path.join(ROOT, ".build", "minbase-bookworm.tar")
ARCH = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
# What a static Swift binary may still load: the C library and its kin.
SYSTEM_LIBRARIES = {"linux-vdso", "ld-linux-x86-64", "ld-linux-aarch64", "libc", "libm", "libz", "libcap",
                    "libcrypt", "libstdc++", "libgcc_s", "libdl", "libpthread", "librt", "libutil"}


def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True, check=True).stdout.strip()


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def artifact(suffix):
    names = [n for n in os.listdir(DIST) if n.endswith(suffix)]
    if len(names) != 1:
        raise AssertionError(f"want one dist/*{suffix}, found {names}: run make dist")
    return os.path.join(DIST, names[0])


def without_swift(args):
    """args run in a private mount namespace where /opt/swift is empty."""
    script = 'mount -t tmpfs none /opt/swift && [ -z "$(ls -A /opt/swift)" ] && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *args]


def library_names(binary):
    out = run(["ldd", binary])
    if out.returncode != 0:
        raise AssertionError(f"ldd {binary}: {out.stdout}{out.stderr}")
    lines = [line.strip() for line in out.stdout.splitlines() if line.strip()]
    return lines, {line.split()[0].rsplit("/", 1)[-1].split(".so")[0] for line in lines}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=2):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


class Tarball(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tarball = artifact(f".linux-{ARCH}.tar.gz")
        cls.scratch = tempfile.mkdtemp(prefix="namespace-exporter-dist-")
        with tarfile.open(cls.tarball) as tar:
            tar.extractall(cls.scratch, filter="data")
        top = os.path.basename(cls.tarball)[: -len(".tar.gz")]
        cls.folder = os.path.join(cls.scratch, top)
        cls.binary = os.path.join(cls.folder, "namespace_exporter")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def test_layout_is_node_exporters(self):
        self.assertTrue(os.path.basename(self.tarball).startswith("namespace_exporter-"))
        names = set(os.listdir(self.folder))
        want = {"namespace_exporter", "README.md", "namespace_exporter.service", "namespace_exporter.env",
                "web-config.yml", "probe-config.yml"}
        if os.path.exists(os.path.join(ROOT, "LICENSE")):
            want.add("LICENSE")
        self.assertEqual(names, want)
        self.assertTrue(os.access(self.binary, os.X_OK))
        sections = run(["readelf", "-S", "-W", self.binary]).stdout
        self.assertIn(".text", sections)
        self.assertNotIn(".symtab", sections, "the binary is stripped")

    def test_ldd_names_only_system_libraries(self):
        lines, names = library_names(self.binary)
        for line in lines:
            self.assertNotIn("/opt/swift", line)
            self.assertNotIn("Foundation", line)
            self.assertNotIn("swift", line.lower())
        self.assertLessEqual(names, SYSTEM_LIBRARIES, "\n".join(lines))
        # The check sees the runtime where it is linked: the debug build's.
        if os.path.exists(DEBUG_BINARY):
            debug_lines, debug_names = library_names(DEBUG_BINARY)
            self.assertTrue(any("/opt/swift" in line for line in debug_lines))
            self.assertFalse(debug_names <= SYSTEM_LIBRARIES)

    def test_version_names_this_checkout(self):
        out = run([self.binary, "--version"])
        self.assertEqual(out.returncode, 0, out.stderr)
        first = out.stdout.splitlines()[0]
        self.assertIn(f"revision: {git('rev-parse', '--short', 'HEAD')}", first)
        self.assertIn(f"branch: {git('rev-parse', '--abbrev-ref', 'HEAD')}", first)
        self.assertIn(f"version {os.path.basename(self.tarball).split('-')[1].rsplit('.linux', 1)[0]} ", first)
        for field in ("build user:", "build date:", "swift version:", "platform:"):
            self.assertIn(field, out.stdout)

    def test_runs_without_swift(self):
        if os.path.exists(DEBUG_BINARY):
            broken = run(without_swift([DEBUG_BINARY, "--version"]))
            self.assertNotEqual(broken.returncode, 0, "the place must have no Swift runtime")
            self.assertIn("libswift", broken.stderr)
        listing = run(without_swift([self.binary, "list"]))
        self.assertEqual(listing.returncode, 0, listing.stderr)
        own_net = os.readlink("/proc/self/ns/net").split("[")[1].rstrip("]")
        self.assertTrue(any(line.split()[:2] == ["net", own_net] for line in listing.stdout.splitlines()),
                        listing.stdout[:2000])
        probe = run(without_swift([self.binary, "probe", "--module", "uts"]))
        self.assertEqual(probe.returncode, 0, probe.stdout + probe.stderr)

        port = free_port()
        server = subprocess.Popen(without_swift([self.binary, f"--web.listen-address=127.0.0.1:{port}"]),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            body, deadline = None, time.monotonic() + 60
            while body is None and time.monotonic() < deadline and server.poll() is None:
                try:
                    status, body = get(f"http://127.0.0.1:{port}/metrics")
                except OSError:
                    time.sleep(0.1)
            self.assertIsNotNone(body, f"no /metrics answer; exit {server.poll()}")
            self.assertEqual(status, 200)
            revision = git("rev-parse", "--short", "HEAD")
            self.assertIn(f'namespace_exporter_build_info{{version="', body)
            self.assertIn(f'revision="{revision}"', body.split("namespace_exporter_build_info{", 1)[1].split("}")[0])
            self.assertRegex(body, r'\nlinux_namespaces\{type="net"\} [1-9]', "the namespace count")
        finally:
            server.terminate()
            _, errors = server.communicate(timeout=30)
        self.assertEqual(server.returncode, 0, errors)


class DebianPackage(unittest.TestCase):
    """dpkg --root into a minbase tree: the maintainer scripts run chrooted
    there, with that tree's /bin/sh and useradd, and no systemd running."""

    @classmethod
    def setUpClass(cls):
        cls.deb = artifact(f"_{ARCH}.deb")
        if not os.path.isfile(MINBASE):
            raise AssertionError(f"{MINBASE} is missing: make minbase makes it")

    def setUp(self):
        self.tree = tempfile.mkdtemp(prefix="namespace-exporter-deb-")
        self.addCleanup(shutil.rmtree, self.tree)
        subprocess.run(["tar", "-xf", MINBASE, "-C", self.tree], check=True)

    @staticmethod
    def host_state():
        return {
            "files": [p for p in ("/usr/bin/namespace_exporter", "/lib/systemd/system/namespace_exporter.service",
                                  "/etc/default/namespace_exporter",
                                  "/etc/systemd/system/multi-user.target.wants/namespace_exporter.service")
                      if os.path.lexists(p)],
            "user": run(["getent", "passwd", "namespace_exporter"]).stdout,
            "package": run(["dpkg-query", "-W", "-f=${Status}", "namespace-exporter"]).stdout,
        }

    def dpkg(self, *args):
        return run(["dpkg", f"--root={self.tree}", *args])

    def status(self):
        return run(["dpkg-query", f"--root={self.tree}", "-W", "-f=${Status}", "namespace-exporter"]).stdout

    def test_installs_runs_verifies_and_removes(self):
        host = self.host_state()
        listing = run(["dpkg-deb", "--contents", self.deb]).stdout.splitlines()
        files = [line.split()[-1].lstrip(".") for line in listing if not line.startswith("d")]
        self.assertIn("/usr/bin/namespace_exporter", files)
        self.assertIn("/lib/systemd/system/namespace_exporter.service", files)
        self.assertIn("/etc/default/namespace_exporter", files)
        info = run(["dpkg-deb", "--info", self.deb]).stdout
        self.assertIn("Package: namespace-exporter", info)
        self.assertIn("Depends: ", info)

        self.assertEqual(self.status(), "")
        installed = self.dpkg("-i", self.deb)
        self.assertEqual(installed.returncode, 0, installed.stdout + installed.stderr)
        self.assertEqual(self.status(), "install ok installed")
        shown = self.dpkg("-s", "namespace-exporter")
        self.assertIn("Status: install ok installed", shown.stdout)
        for path in files:
            self.assertTrue(os.path.lexists(self.tree + path), path)

        user = run(["chroot", self.tree, "getent", "passwd", "namespace_exporter"]).stdout.split(":")
        self.assertEqual(len(user), 7, "postinst made the system user")
        self.assertLess(int(user[2]), 1000)
        wants = self.tree + "/etc/systemd/system/multi-user.target.wants/namespace_exporter.service"
        self.assertEqual(os.readlink(wants), "/lib/systemd/system/namespace_exporter.service", "postinst enabled the unit")

        # A Debian minbase tree has no Swift: the packaged binary runs there
        # (with a /proc: a static Swift binary reads its arguments from it).
        version = run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                       'mount -t proc proc "$1/proc" && exec chroot "$1" /usr/bin/namespace_exporter --version',
                       "sh", self.tree])
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertIn(f"revision: {git('rev-parse', '--short', 'HEAD')}", version.stdout)

        # The unit as installed, verified by the host's systemd (the tree has
        # none): ExecStart names the packaged binary, which verify wants to
        # exist, so the copy points at it in the tree. verify exits 0 on
        # warnings: no output is the pass; a misspelt key shows it reads it.
        with open(self.tree + "/lib/systemd/system/namespace_exporter.service") as f:
            unit = f.read()
        self.assertIn("\nExecStart=/usr/bin/namespace_exporter ", unit)
        self.assertIn("\nUser=namespace_exporter\n", unit)
        with tempfile.TemporaryDirectory() as folder:
            copy = os.path.join(folder, "namespace_exporter.service")
            for text, want in ((unit, ""), (unit.replace("ProtectSystem=", "ProtectSystm="), "Unknown key")):
                with open(copy, "w") as f:
                    f.write(text.replace("=/usr/bin/namespace_exporter", f"={self.tree}/usr/bin/namespace_exporter"))
                verify = run(["systemd-analyze", "verify", copy])
                output = verify.stdout + verify.stderr
                if want:
                    self.assertIn(want, output)
                else:
                    self.assertEqual((verify.returncode, output), (0, ""))

        removed = self.dpkg("-r", "namespace-exporter")
        self.assertEqual(removed.returncode, 0, removed.stdout + removed.stderr)
        self.assertEqual(self.status(), "deinstall ok config-files")
        left = [p for p in files if os.path.lexists(self.tree + p)]
        self.assertEqual(left, ["/etc/default/namespace_exporter"], "dpkg -r keeps only the conffile")
        self.assertFalse(os.path.lexists(wants), "postrm disabled the unit")

        purged = self.dpkg("-P", "namespace-exporter")
        self.assertEqual(purged.returncode, 0, purged.stdout + purged.stderr)
        self.assertEqual(self.status(), "")
        self.assertEqual([p for p in files if os.path.lexists(self.tree + p)], [])
        self.assertEqual(self.host_state(), host)


if __name__ == "__main__":
    unittest.main()
