import Testing
@testable import NamespaceKit

/// Cgroup paths as each runtime writes them.
struct ContainerAttributionTests {
    static let id = "4f1f2cbd5a1b7a6c9e0d3b8a2f6e4c1d7b9a0e3f5c8d2b6a1e4f7c0d3b9a8e2f"
    static let pod = "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901"
    static let podID = "0aeeb8ceaf9785eb33d3aa85edf38258b85ff5c0a9f22cd6edd499d9579d4a6c"

    @Test(arguments: [
        ("0::/system.slice/docker-\(id).scope\n", ContainerAttribution(runtime: "docker", containerID: id)),
        ("12:pids:/docker/\(id)\n11:memory:/docker/\(id)\n0::/\n", ContainerAttribution(runtime: "docker", containerID: id)),
        ("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(pod.replacing("-", with: "_")).slice/cri-containerd-\(id).scope\n",
         ContainerAttribution(runtime: "containerd", containerID: id, podUID: pod)),
        ("0::/kubepods.slice/kubepods-pod\(pod.replacing("-", with: "_")).slice/crio-\(id).scope\n",
         ContainerAttribution(runtime: "cri-o", containerID: id, podUID: pod)),
        ("4:memory:/kubepods/besteffort/pod\(pod)/\(id)\n", ContainerAttribution(runtime: "cri", containerID: id, podUID: pod)),
        ("0::/machine.slice/libpod-\(id).scope/container\n", ContainerAttribution(runtime: "podman", containerID: id)),
        ("1:name=systemd:/libpod_parent/libpod-\(id)\n", ContainerAttribution(runtime: "podman", containerID: id)),
        // A podman pod: cgroupfs driver (what this VM's podman writes) and systemd driver.
        ("9:name=systemd:/libpod_parent/\(podID)/libpod-\(id)\n8:pids:/libpod_parent/\(podID)/libpod-\(id)\n",
         ContainerAttribution(runtime: "podman", containerID: id, podUID: podID)),
        ("0::/machine.slice/machine-libpod_pod_\(podID).slice/libpod-\(id).scope\n",
         ContainerAttribution(runtime: "podman", containerID: id, podUID: podID)),
        // Kubernetes, each QoS class under each cgroup driver.
        ("0::/kubepods.slice/kubepods-pod\(pod.replacing("-", with: "_")).slice/cri-containerd-\(id).scope\n",
         ContainerAttribution(runtime: "containerd", containerID: id, podUID: pod)),
        ("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod\(pod.replacing("-", with: "_")).slice/cri-containerd-\(id).scope\n",
         ContainerAttribution(runtime: "containerd", containerID: id, podUID: pod)),
        ("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(pod.replacing("-", with: "_")).slice/crio-\(id).scope\n",
         ContainerAttribution(runtime: "cri-o", containerID: id, podUID: pod)),
        ("0::/kubepods/pod\(pod)/\(id)\n", ContainerAttribution(runtime: "cri", containerID: id, podUID: pod)),
        ("0::/kubepods/burstable/pod\(pod)/\(id)\n", ContainerAttribution(runtime: "cri", containerID: id, podUID: pod)),
        ("0::/system.slice/ssh.service\n", ContainerAttribution(unit: "ssh.service")),
        // Not a container id: only a unit.
        ("0::/system.slice/docker-short.scope\n", ContainerAttribution(unit: "docker-short.scope")),
        ("0::/user.slice/user-1000.slice/session-3.scope\n", ContainerAttribution(unit: "session-3.scope")),
    ])
    func recognisesRuntimes(file: String, expected: ContainerAttribution) {
        #expect(ContainerAttribution(cgroupFile: file) == expected)
    }

    @Test(arguments: [
        "0::/\n", "", "garbage", "0::/docker/xyz\n",
        "9:name=systemd:/\n4:memory:/process_api/6173ab38eebc27086b809bed05824132\n0::/\n",
    ])
    func ignoresEverythingElse(file: String) {
        #expect(ContainerAttribution(cgroupFile: file) == nil)
    }

    /// A process in a pod's own cgroup (a container monitor, outside the
    /// container's namespaces) is in no container.
    @Test func aPodWithoutAContainerIsNoContainer() {
        let found = ContainerAttribution(cgroupFile: "0::/machine.slice/machine-libpod_pod_\(Self.podID).slice\n")
        #expect(found?.podUID == Self.podID)
        #expect(found?.isContainer == false)
        var containers = ProcessContainers()
        containers.set(7, found)
        #expect(containers[7] == nil && containers.isEmpty)
    }
}
