import Foundation

/// Runs the built `blocksweep` binary as a user would, for the end-to-end tests of every test
/// target. Output goes to files, so a chatty or hanging child never blocks on a full pipe.
package enum BlocksweepBinary {
    package static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary beside the test bundle (`swift build --build-tests` builds it), else .build/debug.
    package static var binary: URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")
        ]
        for folder in candidates {
            let url = folder.appendingPathComponent("blocksweep")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/blocksweep")
    }

    package static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    package struct Outcome: Sendable {
        package let status: Int32
        package let stdout: String
        package let stderr: String
        package let reason: Process.TerminationReason
        /// The child outlived its deadline and was killed (its output so far is above): the
        /// test fails on its status, never hangs.
        package var timedOut = false
    }

    /// How long `finish` waits for a child before it kills it: far past any run a test makes,
    /// so only a hang reaches it.
    package static let deadline: Double = 480

    /// A started run, for tests that signal it before it ends.
    package final class Running {
        package let process = Process()
        let out: URL
        let err: URL

        /// `executable`: another program than blocksweep (a test of the torch runner's script).
        package init(
            _ arguments: [String], in directory: URL, environment: [String: String] = [:],
            executable: URL = BlocksweepBinary.binary
        ) throws {
            out = directory.appendingPathComponent("out-\(UUID().uuidString).txt")
            err = directory.appendingPathComponent("err-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        /// What the child has printed to stdout so far.
        package var stdoutSoFar: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }

        /// Waits until the child has printed `text` to stdout (Eventually), then returns all it printed.
        @discardableResult
        package func waitForOutput(_ text: String) throws -> String {
            try Eventually.value(of: "\(text.debugDescription) in the stdout of \(process.arguments ?? [])") {
                let seen = stdoutSoFar
                return seen.contains(text) ? seen : nil
            }
        }

        /// Waits for the child to exit, at most `deadline` seconds: past it a watchdog on a
        /// dispatch queue (not the test's own thread, which waits as before) kills the child with
        /// SIGKILL, and the outcome says so, with what it printed, so a hung child fails its test
        /// instead of hanging the suite.
        package func finish(deadline: Double = BlocksweepBinary.deadline) -> Outcome {
            let fired = Watchdog()
            let pid = process.processIdentifier
            let watchdog = DispatchWorkItem { fired.kill(pid) }
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline, execute: watchdog)
            process.waitUntilExit()
            watchdog.cancel()
            let killed = fired.didKill
            let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            let outcome = Outcome(
                status: killed ? -1 : process.terminationStatus,
                stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                stderr: killed
                    ? stderr + "\n[BlocksweepBinary: killed after \(Int(deadline)) s: \(process.arguments ?? [])]"
                    : stderr,
                reason: process.terminationReason, timedOut: killed)
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
            return outcome
        }
    }

    /// Whether the deadline's watchdog killed the child (set once, read after the wait).
    final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private var killed = false

        func kill(_ pid: Int32) {
            lock.lock()
            defer { lock.unlock() }
            killed = true
            _ = Foundation.kill(pid, SIGKILL)
        }

        var didKill: Bool {
            lock.lock()
            defer { lock.unlock() }
            return killed
        }
    }

    /// Runs to the end in `directory` (a fresh temporary folder when nil).
    package static func run(
        _ arguments: [String], in directory: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> Outcome {
        try Running(arguments, in: directory ?? temporaryFolder(), environment: environment).finish()
    }

    package static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("blocksweep-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
