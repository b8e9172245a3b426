import BlocksweepTestSupport
import Foundation
import Testing

/// One helper compares every golden file, and one variable re-records them all.
@Suite(.timeLimit(.minutes(10)))
struct GoldenFileTests {
    @Test func onlyBlocksweepRecordGoldenReRecords() {
        #expect(GoldenFile.isRecording(in: ["BLOCKSWEEP_RECORD_GOLDEN": "1"]))
        #expect(!GoldenFile.isRecording(in: ["BLOCKSWEEP_RECORD": "1"]))
        #expect(!GoldenFile.isRecording(in: ["BLOCKSWEEP_RECORD_GOLDEN": "0"]))
        #expect(!GoldenFile.isRecording(in: [:]))
    }

    @Test func aDifferenceIsAnIssueAndRecordingRewritesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("g.txt")
        try GoldenFile.expect("a\nb\n", matches: url, recording: true)
        #expect(try String(contentsOf: url, encoding: .utf8) == "a\nb\n")
        try GoldenFile.expect("a\nb\n", matches: url, recording: false)
        try withKnownIssue {
            try GoldenFile.expect("a\nc\n", matches: url, recording: false)
        } matching: {
            $0.comments.contains { $0.rawValue.contains("g.txt differs at line 2") }
        }
        try withKnownIssue {
            try GoldenFile.expect("a\n", matches: folder.appendingPathComponent("missing.txt"), recording: false)
        } matching: {
            $0.comments.contains { $0.rawValue.contains("no golden file missing.txt") }
        }
    }

    /// No test reads a record switch of its own: every golden goes through GoldenFile.expect.
    @Test func noTestHasItsOwnRecordSwitch() throws {
        let tests = Paths.packageRoot.appendingPathComponent("Tests")
        let files = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter {
                $0.pathExtension == "swift" && !$0.lastPathComponent.hasPrefix("GoldenFile")
            }
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("BLOCKSWEEP_RECORD") {
                #expect(
                    line.contains("BLOCKSWEEP_RECORD_GOLDEN") && !line.contains("environment"),
                    "\(file.lastPathComponent): \(line)")
            }
        }
    }

    @Test func theReadmeSaysHowToReRecord() throws {
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("BLOCKSWEEP_RECORD_GOLDEN=1 swift test"))
    }
}
