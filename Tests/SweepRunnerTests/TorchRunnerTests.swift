import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// `runner: torch`: the builtin engine's argv under the chosen Python, the interpreter's and
/// the script's resolution, GPUs before the CPU, and a missing torch refused before any job.
@Suite(.timeLimit(.minutes(10))) struct TorchRunnerTests {
    /// Where the package's binary lives (it need not exist: only the folders above it count).
    static let packageBinary = BlocksweepBinary.packageRoot.appendingPathComponent(".build/debug/blocksweep").path

    /// An empty blocksweep_torch/ package in `folder`, as the script beside it needs.
    static func makePackage(in folder: URL) throws {
        let package = folder.appendingPathComponent(TorchSetup.packageFolder)
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        try "".write(to: package.appendingPathComponent("__init__.py"), atomically: true, encoding: .utf8)
    }

    @Test func jobsGetTheBuiltinEnginesArgumentsUnderThePython() {
        let torch = TorchRunner(
            python: "/venv/bin/python", script: "/repo/tools/blocksweep_torch.py", equalTimeClock: .modelled)
        let builtin = BuiltinRunner(blocksweepPath: "/repo/tools/blocksweep_torch.py", equalTimeClock: .modelled)
        let job = Job(
            id: "d", schedule: .dynamicSuffix, seed: 3,
            params: ["lr": .double(0.001), "equal_time_budget": .bool(true), "n_layers": .int(4)], dependsOn: ["f"])
        let calibration = Job(id: "cal-1", schedule: nil, seed: 42, params: ["dmodel": .int(16)])
        for slot in [Slot.cuda(1), Slot.cpu([2, 3])] {
            let argv = torch.arguments(
                for: job, slot: slot, resultPath: "/r.json", baselineResults: ["/f.json"], calibrationResult: "/c.json")
            #expect(
                argv
                    == ["/venv/bin/python"]
                    + builtin.arguments(
                        for: job, slot: slot, resultPath: "/r.json", baselineResults: ["/f.json"],
                        calibrationResult: "/c.json"))
            #expect(Array(argv.prefix(3)) == ["/venv/bin/python", "/repo/tools/blocksweep_torch.py", "bench"])
            #expect(argv.contains("--calibration") && argv.contains("--baseline-json"))
            let cal = torch.arguments(for: calibration, slot: slot, resultPath: "/c.json", baselineResults: [])
            #expect(Array(cal.prefix(3)) == ["/venv/bin/python", "/repo/tools/blocksweep_torch.py", "calibrate"])
        }
        #expect(torch.arguments(for: job, slot: .cpu([2, 3]), resultPath: "/r", baselineResults: []).contains("2"))
    }

    /// Prefix forking: the engine's fork flags; a forking plan's jobs (its calibrations too,
    /// so that they price the same kernels) also get --deterministic, and only a plan with a
    /// forked job is one.
    @Test func forkFlagsAreTheEnginesAndAForkingPlanRunsDeterministicKernels() throws {
        let plain = TorchRunner(python: "/p", script: "/s.py")
        let forking = TorchRunner(python: "/p", script: "/s.py", deterministic: true)
        #expect(forking.forkArguments(.record(folder: "/f")) == ["--fork-dir", "/f"])
        #expect(forking.forkArguments(.start(folder: "/f", step: 12)) == ["--fork-from", "/f", "--fork-step", "12"])
        let job = Job(id: "d", schedule: .dynamicSuffix, seed: 3, params: [:])
        let calibration = Job(id: "cal-1", schedule: nil, seed: 42, params: ["dmodel": .int(16)])
        #expect(
            forking.arguments(for: job, slot: .cuda(0), resultPath: "/r", baselineResults: []).last == "--deterministic"
        )
        #expect(
            !plain.arguments(for: job, slot: .cuda(0), resultPath: "/r", baselineResults: []).contains(
                "--deterministic"))
        #expect(
            forking.arguments(for: calibration, slot: .cuda(0), resultPath: "/c", baselineResults: [])
                .last == "--deterministic")

        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = root.appendingPathComponent("blocksweep_torch.py").path
        try "".write(toFile: script, atomically: true, encoding: .utf8)
        try Self.makePackage(in: root)
        let environment = ["BLOCKSWEEP_TORCH_SCRIPT": script, "BLOCKSWEEP_PYTHON": "/bin/true"]
        var plan = Plan(name: "t", jobs: [job], runner: .torch)
        func chosen() throws -> TorchRunner {
            try TorchSetup.runner(for: plan, blocksweepPath: Self.packageBinary, environment: environment)
        }
        // `execution.fork` (the default) chooses the kernels, not whether a job happens to fork:
        // the choice is in every job's id, so it cannot change under a folder's results.
        #expect(try chosen().deterministic == true)
        plan.execution.fork = false
        #expect(try chosen().deterministic == false)
    }

    @Test func theInterpreterIsExecutionPythonThenTheEnvironmentThenPython3() {
        var plan = Plan(name: "t", jobs: [], runner: .torch)
        #expect(TorchSetup.python(for: plan, environment: [:]).path == "python3")
        #expect(TorchSetup.python(for: plan, environment: ["BLOCKSWEEP_PYTHON": "/env/python"]).path == "/env/python")
        plan.execution.python = "/sweep/python"
        let chosen = TorchSetup.python(for: plan, environment: ["BLOCKSWEEP_PYTHON": "/env/python"])
        #expect(chosen.path == "/sweep/python" && chosen.origin == "execution.python")
    }

    @Test func theScriptIsFoundAboveTheBinaryFromAnyWorkingDirectory() throws {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let tools = root.appendingPathComponent("tools")
        let bin = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try "".write(to: tools.appendingPathComponent("blocksweep_torch.py"), atomically: true, encoding: .utf8)
        let binary = bin.appendingPathComponent("blocksweep").path
        // The script without its package beside it is refused: every job would fail to import it.
        let missing = #expect(throws: SweepRunError.self) {
            _ = try TorchSetup.script(blocksweepPath: binary, environment: [:])
        }
        #expect(missing?.description.contains("has no blocksweep_torch/ package beside it") == true)
        try Self.makePackage(in: tools)
        #expect(
            try TorchSetup.script(blocksweepPath: binary, environment: [:])
                == tools.appendingPathComponent("blocksweep_torch.py").path)
        let other = root.appendingPathComponent("other.py").path
        try "".write(toFile: other, atomically: true, encoding: .utf8)
        #expect(throws: SweepRunError.self) {
            _ = try TorchSetup.script(blocksweepPath: binary, environment: ["BLOCKSWEEP_TORCH_SCRIPT": other])
        }
        try Self.makePackage(in: root)
        #expect(try TorchSetup.script(blocksweepPath: binary, environment: ["BLOCKSWEEP_TORCH_SCRIPT": other]) == other)
        #expect(throws: SweepRunError.self) {
            _ = try TorchSetup.script(blocksweepPath: "/usr/bin/true", environment: [:])
        }
        // The package's own binary finds the package's own script.
        #expect(
            try TorchSetup.script(blocksweepPath: Self.packageBinary, environment: [:])
                == BlocksweepBinary.packageRoot.appendingPathComponent("tools/blocksweep_torch.py").path)
    }

    @Test func aPythonWithoutTorchStopsTheRunBeforeAnyJobNamingItAndTheInstallCommand() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let python = box.root.appendingPathComponent("python-without-torch").path
        try "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n".write(
            toFile: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
        var plan = Plan(name: "t", jobs: [], runner: .torch)
        plan.execution.python = python
        do {
            _ = try RunnerSelection.make(
                for: plan, blocksweepPath: Self.packageBinary,
                environment: ProcessInfo.processInfo.environment)
            Issue.record("a python without torch was accepted")
        } catch {
            guard case .badInput(let message) = error else {
                Issue.record("not bad input: \(error)")
                return
            }
            #expect(message.contains("the interpreter \(python) (execution.python) cannot import torch"), "\(message)")
            #expect(message.contains("No module named 'torch'"), "\(message)")
            #expect(message.contains(BlocksweepBinary.packageRoot.appendingPathComponent("tools/setup-torch.sh").path))
        }
        let missing = box.root.appendingPathComponent("no-such-python").path
        plan.execution.python = missing
        do {
            _ = try RunnerSelection.make(for: plan, blocksweepPath: Self.packageBinary, environment: [:])
            Issue.record("a missing python was accepted")
        } catch {
            guard case .badInput(let message) = error else {
                Issue.record("not bad input: \(error)")
                return
            }
            // A path that does not exist is named as such, not as a python without torch.
            #expect(
                message.contains(
                    "the interpreter \(missing) (execution.python) cannot be run: there is no "
                        + "interpreter at that path"), "\(message)")
        }
    }

    /// A torch job on GPU 1 runs `PYTHON SCRIPT bench …` with CUDA_VISIBLE_DEVICES=1, so it sees
    /// that GPU alone; the result it writes is recorded like a builtin job's.
    @Test func aGPUJobSeesOnlyItsGPU() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let python = box.root.appendingPathComponent("fake-python").path
        // Writes its argv and CUDA_VISIBLE_DEVICES beside the result, then the result itself.
        try """
        #!/bin/sh
        out=""; prev=""
        for a in "$@"; do [ "$prev" = "--json-out" ] && out="$a"; prev="$a"; done
        echo "$@" > "$out.argv"
        echo "CUDA=[$CUDA_VISIBLE_DEVICES]" > "$out.env"
        cp "$(dirname "$0")/good.json" "$out"

        """.write(toFile: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
        let plan = Plan(
            name: "test", jobs: [Job(id: "full-1", schedule: .fullUpdate, seed: 1, params: ["steps": .int(2)])],
            runner: .torch)
        let runner = TorchRunner(python: python, script: "/repo/tools/blocksweep_torch.py")
        var options = ExecutorOptions()
        options.killGrace = 0.3
        let outcome = try Executor(
            plan: plan, folder: box.folder, slots: [.cuda(1)], runner: runner, backend: LocalBackend(),
            options: options
        ).run()
        #expect(outcome.done == 1)
        let partial = box.folder.partialResult("full-1", attempt: 1)
        #expect(try String(contentsOfFile: partial + ".env", encoding: .utf8) == "CUDA=[1]\n")
        let argv = try String(contentsOfFile: partial + ".argv", encoding: .utf8)
        #expect(
            argv.hasPrefix("/repo/tools/blocksweep_torch.py bench --schedules full_update --seed 1 --steps 2"),
            "\(argv)")
        #expect(box.events("full-1") == [.started, .done])
    }

    @Test func oneJobPerGPUAndTheCPUOnlyWithoutOne() throws {
        let kinds = TorchRunner(python: "p", script: "s").slotKinds
        let gpuMachine = MachineDevices(
            cores: [0, 1, 2, 3], gpus: [.init(index: 0, name: "A"), .init(index: 1, name: "A")])
        let onGPUs = try SlotLayout.make(devices: nil, machine: gpuMachine, threads: 1, parallel: nil, kinds: kinds)
        #expect(onGPUs.slots == [.cuda(0), .cuda(1)])
        let cpuMachine = MachineDevices(cores: [0, 1])
        let onCPU = try SlotLayout.make(devices: nil, machine: cpuMachine, threads: 1, parallel: nil, kinds: kinds)
        #expect(onCPU.slots == [.cpu([0]), .cpu([1])])
    }
}
