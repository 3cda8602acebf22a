/// The page at `/`, linking the endpoints, as Prometheus exporters do.
enum LandingPage {
    static let html = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Namespace Exporter</title></head>
        <body>
        <h1>Namespace Exporter</h1>
        <p>Prometheus exporter for Linux namespaces (cgroup, ipc, mnt, net, pid, time, user, uts). Version \(BuildInfo.version).</p>
        <ul>
        <li><a href="ui">Namespaces</a>: the page for people — the namespace tree, who holds what, leaks, limits, churn and probes, live</li>
        <li><a href="metrics">Metrics</a></li>
        <li><a href="snapshot.json">Snapshot</a>: every namespace now, with members, holders and recent events (JSON; <code>?type=net</code>, <code>?container=</code>, <code>?inode=</code>)</li>
        <li><a href="events">Recent churn events</a> (JSON)</li>
        <li><a href="probe?module=all">Probe</a>: create every type of namespace now and check each isolates (<code>/probe?module=uts</code>, …; join modules take <code>&amp;target=</code>)</li>
        <li><a href="healthz">Health</a></li>
        </ul>
        </body>
        </html>

        """
}
