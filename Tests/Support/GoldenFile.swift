import Foundation
import Testing

/// Golden files: expected output kept in the repository and compared byte for byte. Every golden
/// comparison of every test target goes through `expect`, so one variable re-records them all:
/// `BLOCKSWEEP_RECORD_GOLDEN=1 swift test` rewrites each file from what the code produces now
/// (then read the diff before committing it).
package enum GoldenFile {
    package static let recordVariable = "BLOCKSWEEP_RECORD_GOLDEN"

    /// Whether this environment asks to re-record instead of compare.
    package static func isRecording(in environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment[recordVariable] == "1"
    }

    /// Compares `text` with the file at `url` and records a test issue naming the first differing
    /// line; when recording, writes `text` to the file instead.
    package static func expect(
        _ text: String, matches url: URL, recording: Bool = isRecording(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let name = url.lastPathComponent
        if recording {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "no golden file \(name); run with \(recordVariable)=1 to record it", sourceLocation: sourceLocation)
            return
        }
        guard text != golden else { return }
        let a = text.split(separator: "\n", omittingEmptySubsequences: false)
        let b = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        Issue.record(
            """
            \(name) differs at line \(line + 1) (\(recordVariable)=1 re-records):
              got:      \(line < a.count ? String(a[line]) : "<end>")
              expected: \(line < b.count ? String(b[line]) : "<end>")
            """, sourceLocation: sourceLocation)
    }
}
