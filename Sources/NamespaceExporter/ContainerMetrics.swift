import NamespaceKit

extension MetricsRenderer {
    /// Namespace × container attribution, the leader's unit, and processes per container.
    func renderContainers(_ snapshot: Snapshot, kept: [Namespace], into out: inout ExpositionWriter) {
        out.family("linux_namespace_container_info", .gauge, help: "One series per namespace and container of its member processes, recognised from their cgroup paths (Docker, containerd/CRI-O with the Kubernetes pod UID, Podman and its pods); pod, pod_namespace and container are the Kubernetes names the OCI runtime state annotates, empty where not annotated.")
        for namespace in kept {
            for container in namespace.containers {
                out.sample("linux_namespace_container_info", namespace.identityLabels + container.labels(snapshot.containerNames), 1)
            }
        }

        out.family("linux_namespace_unit_info", .gauge, help: "The systemd unit of each namespace's leader (lowest member pid) at the last full scan, where the leader is in no container.")
        for namespace in kept {
            guard let unit = namespace.unit else { continue }
            out.sample("linux_namespace_unit_info", namespace.identityLabels + [("unit", unit)], 1)
        }

        out.family("linux_container_processes", .gauge, help: "Processes in each container (by cgroup), with its names as on linux_namespace_container_info.")
        for (container, count) in snapshot.containers.processCounts {
            out.sample("linux_container_processes", container.labels(snapshot.containerNames), count)
        }
    }
}

extension ContainerAttribution {
    /// `runtime`, `container_id`, `pod_uid`, `pod`, `pod_namespace`, `container` (never `namespace`:
    /// that word is the Linux namespace here).
    func labels(_ names: [String: ContainerNames]) -> [(String, String)] {
        let named = self.names(in: names)
        return [
            ("runtime", runtime ?? ""), ("container_id", containerID ?? ""), ("pod_uid", podUID ?? named.podUID ?? ""),
            ("pod", named.pod ?? ""), ("pod_namespace", named.podNamespace ?? ""), ("container", named.container ?? ""),
        ]
    }

    /// The labels that have a value: what the JSON forms write.
    func presentLabels(_ names: [String: ContainerNames]) -> [(String, String)] {
        labels(names).filter { !$0.1.isEmpty }
    }
}
