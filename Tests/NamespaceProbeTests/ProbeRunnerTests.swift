import NamespaceKit
import NamespaceTestSupport
import Testing

@testable import NamespaceProbe

/// The runner's admission: unknown modules, missing targets, the budget.
struct ProbeRunnerTests {
    @Test func refusesWhatItCannotRun() async {
        let runner = ProbeRunner(modules: ProbeModule.defaults)
        await #expect(throws: ProbeRunner.Rejection.unknownModule("nope")) {
            _ = try await runner.run(module: "nope", target: nil, timeout: nil)
        }
        await #expect {
            _ = try await runner.run(module: "join_net", target: nil, timeout: nil)
        } throws: { error in
            "\(error)".contains("needs a target")
        }
        #expect(runner.statistics.probes.isEmpty)
    }

    @Test(.disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime")) func theBudgetRefusesProbesPastItsRateAndCountsThem() async throws {
        let runner = ProbeRunner(modules: ProbeModule.defaults, limits: .init(maxConcurrent: 4, perMinute: 2))
        for _ in 0..<2 {
            #expect(try await runner.run(module: "uts", target: nil, timeout: nil).success)
        }
        await #expect(throws: ProbeRunner.Rejection.overBudget(perMinute: 2)) {
            _ = try await runner.run(module: "uts", target: nil, timeout: nil)
        }
        let statistics = runner.statistics
        #expect(statistics.probes[.init(module: "uts", result: "success")] == 2)
        #expect(statistics.probes[.init(module: "uts", result: "rejected")] == 1)
        #expect(statistics.creation["uts"]?.count == 2)
    }

    /// The scrape's timeout is used when it is shorter than the module's.
    @Test(.disabled(if: Sanitizer.active, "probe children cannot run under a sanitizer runtime")) func theShorterTimeoutWins() async throws {
        let runner = ProbeRunner(modules: ProbeModule.defaults)
        let result = try await runner.run(module: "all", target: nil, timeout: .microseconds(1))
        #expect(result.failure?.reason == "timeout")
    }
}
