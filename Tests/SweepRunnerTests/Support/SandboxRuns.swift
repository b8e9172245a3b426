import BlocksweepTestSupport
import SweepKit
import Vocabulary

@testable import SweepRunner

/// The sandbox's sweeps run by the executor in this process, and what its journal says.
extension Sandbox {
    var folder: ResultsFolder { ResultsFolder(path: root.appendingPathComponent("results/test").path) }

    /// A command plan: one job per (id, mode), optional dependencies.
    func plan(
        _ jobs: [(id: String, mode: String, dependsOn: [String])], timeout: Double? = nil, retries: Int = 0,
        extraArgs: [String] = []
    ) -> Plan {
        Plan(
            name: "test",
            jobs: jobs.map {
                Job(id: $0.id, schedule: nil, seed: 1, params: ["mode": .string($0.mode)], dependsOn: $0.dependsOn)
            },
            runner: .command(["/bin/sh", script, "{result}", "{mode}"] + extraArgs),
            execution: ExecutionSettings(threads: 1, timeoutSeconds: timeout, retries: retries))
    }

    /// Runs the plan in this process on up to two single-core slots.
    func run(
        _ plan: Plan, retryFailed: Bool = false, slots: [Slot]? = nil,
        onStart: (@Sendable () -> Void)? = nil,
        freeBytes: (@Sendable (String) -> UInt64?)? = nil
    ) throws -> RunOutcome {
        var options = ExecutorOptions()
        options.killGrace = 0.3
        options.retryFailed = retryFailed
        options.onStart = onStart
        if let freeBytes { options.freeBytes = freeBytes }
        let (runner, backend) = try RunnerSelection.make(for: plan, blocksweepPath: "/nonexistent")
        let cores = MachineDevices.allowedCores()
        let slots = slots ?? cores.prefix(2).map { Slot.cpu([$0]) }
        return try Executor(
            plan: plan, folder: folder, slots: slots, runner: runner, backend: backend,
            options: options
        ).run()
    }

    func journal() -> [JournalEntry] { Journal.read(path: folder.journal) }

    func events(_ job: String) -> [JournalEntry.Event] { journal().filter { $0.job == job }.map(\.event) }
}
