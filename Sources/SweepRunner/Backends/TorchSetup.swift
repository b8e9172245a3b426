import Foundation
import SweepKit

/// What `runner: torch` needs before any job starts: an interpreter that imports torch, and the
/// runner script. Both are resolved once, and a missing torch stops the run with the command
/// that installs it.
package enum TorchSetup {
    package static let scriptPath = "tools/blocksweep_torch.py"
    /// The runner's package, which the script imports from its own folder: a script without it
    /// would fail every job, so it is refused before any starts.
    package static let packageFolder = "blocksweep_torch"

    /// The interpreter and where that choice came from, for the error messages.
    package static func python(for plan: Plan, environment: [String: String]) -> (path: String, origin: String) {
        if let python = plan.execution.python { return (python, "execution.python") }
        if let python = environment["BLOCKSWEEP_PYTHON"], !python.isEmpty { return (python, "BLOCKSWEEP_PYTHON") }
        return ("python3", "the default; set execution.python or BLOCKSWEEP_PYTHON to choose another")
    }

    /// tools/blocksweep_torch.py: $BLOCKSWEEP_TORCH_SCRIPT, else the first folder above the
    /// blocksweep binary that holds it (the binary lives in the package's .build/…/), so a sweep
    /// runs from any working directory. Either way its package must sit beside it.
    package static func script(blocksweepPath: String, environment: [String: String]) throws(SweepRunError) -> String {
        if let path = environment["BLOCKSWEEP_TORCH_SCRIPT"], !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path) else {
                throw .badInput("BLOCKSWEEP_TORCH_SCRIPT: \(path) does not exist")
            }
            try checkPackage(beside: path, origin: "BLOCKSWEEP_TORCH_SCRIPT: ")
            return path
        }
        var folder = URL(fileURLWithPath: blocksweepPath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            let candidate = folder.appendingPathComponent(scriptPath).path
            if FileManager.default.fileExists(atPath: candidate) {
                try checkPackage(beside: candidate, origin: "runner: torch: ")
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        throw .badInput(
            "runner: torch: cannot find \(scriptPath) in any folder above \(blocksweepPath); "
                + "set BLOCKSWEEP_TORCH_SCRIPT to its path")
    }

    /// The script imports its package from the folder it really lives in (symlinks resolved).
    static func checkPackage(beside script: String, origin: String) throws(SweepRunError) {
        let folder = URL(fileURLWithPath: script).resolvingSymlinksInPath().deletingLastPathComponent()
        let initFile = folder.appendingPathComponent(packageFolder).appendingPathComponent("__init__.py").path
        guard FileManager.default.fileExists(atPath: initFile) else {
            throw .badInput(
                "\(origin)\(script) has no \(packageFolder)/ package beside it (the runner's modules): "
                    + "copy the folder with the script")
        }
    }

    /// Nil when `python` imports torch; otherwise why not, in one line.
    package static func torchImportProblem(python: String, environment: [String: String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import torch"]
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return "cannot run it (\(error.localizedDescription))" }
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        if process.terminationStatus == 127 { return notFound(python) }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        return lines.last.map { String($0).trimmingCharacters(in: .whitespaces) }
            ?? "exit status \(process.terminationStatus)"
    }

    /// env's exit 127: the interpreter itself is missing, which is not a torch problem.
    static func notFound(_ python: String) -> String {
        python.contains("/")
            ? "there is no interpreter at that path" : "there is no \(python) on PATH"
    }

    /// The runner for a torch plan, after checking that its interpreter imports torch.
    package static func runner(for plan: Plan, blocksweepPath: String, environment: [String: String])
        throws(SweepRunError) -> TorchRunner
    {
        let script = try script(blocksweepPath: blocksweepPath, environment: environment)
        let (python, origin) = python(for: plan, environment: environment)
        if let problem = torchImportProblem(python: python, environment: environment) {
            let setup = URL(fileURLWithPath: script).deletingLastPathComponent().appendingPathComponent(
                "setup-torch.sh"
            ).path
            let missing = problem == notFound(python)
            throw .badInput(
                "runner: torch: the interpreter \(python) (\(origin)) "
                    + (missing ? "cannot be run: \(problem). " : "cannot import torch: \(problem). ")
                    + "Install it with \(setup), which prints the interpreter to use "
                    + "(set it as execution.python or BLOCKSWEEP_PYTHON)")
        }
        return TorchRunner(
            python: python, script: script, equalTimeClock: plan.execution.equalTimeClock,
            calibrationCapSeconds: plan.execution.calibrationCapSeconds,
            deterministic: plan.deterministicKernels)
    }
}
