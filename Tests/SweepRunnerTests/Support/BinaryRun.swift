import Foundation

/// Runs the built `blocksweep` binary as a user would.
struct BinaryRun {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let candidates = [Bundle.main.bundleURL.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")]
        for folder in candidates {
            let url = folder.appendingPathComponent("blocksweep")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/blocksweep")
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        let reason: Process.TerminationReason
    }

    /// Starts the binary with output going to files (read back by `finish`).
    final class Running {
        let process = Process()
        let out: URL
        let err: URL

        init(_ arguments: [String], in directory: URL, environment: [String: String]) throws {
            out = directory.appendingPathComponent("out-\(UUID().uuidString).txt")
            err = directory.appendingPathComponent("err-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = BinaryRun.binary
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        func finish() -> Outcome {
            process.waitUntilExit()
            return Outcome(status: process.terminationStatus,
                           stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                           stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                           reason: process.terminationReason)
        }
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Outcome {
        try Running(arguments, in: directory, environment: environment).finish()
    }
}
