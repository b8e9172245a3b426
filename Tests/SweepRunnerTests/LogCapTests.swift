import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// A job's stdout.log and stderr.log keep their first and last MiB once an attempt ends, with
/// a line where the middle was cut (issue 18, point 6.1).
@Suite(.timeLimit(.minutes(10))) struct LogCapTests {
    /// Lines "line 1" … "line N", each ending in a newline.
    static func numberedLines(_ count: Int) -> String {
        (1...count).map { "line \($0)\n" }.joined()
    }

    @Test func aLongLogKeepsWholeLinesOfItsHeadAndTailAndSaysWhatWasCut() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let path = box.path + "/stdout.log"
        let text = Self.numberedLines(3000)
        try text.write(toFile: path, atomically: false, encoding: .utf8)

        let dropped = LogCap.apply(path, head: 1000, tail: 1000)
        let capped = try String(contentsOfFile: path, encoding: .utf8)
        let lines = capped.split(separator: "\n", omittingEmptySubsequences: false)
        let marker = try #require(lines.firstIndex { $0.hasPrefix(LogCap.markerPrefix) })
        // Whole lines on both sides of the marker, in order, from the first and to the last.
        #expect(lines.first == "line 1")
        #expect(lines[marker - 1].hasPrefix("line ") && lines[marker + 1].hasPrefix("line "))
        #expect(capped.hasSuffix("line 3000\n"))
        let head = lines[..<marker].joined(separator: "\n") + "\n"
        let tail = lines[(marker + 1)...].joined(separator: "\n")
        #expect(text.hasPrefix(head) && text.hasSuffix(tail))
        #expect(head.utf8.count <= 1000 && head.utf8.count > 500)
        #expect(tail.utf8.count <= 1000 && tail.utf8.count > 500)
        #expect(dropped == text.utf8.count - head.utf8.count - tail.utf8.count)
        #expect(
            lines[marker]
                == "\(LogCap.markerPrefix)\(dropped) bytes (\(NumberText.mebibytes(dropped))) from the middle of this "
                + "log (a job's log keeps its first 1000 bytes and its last 1000 bytes)")
    }

    @Test func aLogWithinTheCapIsLeftAsItIs() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let path = box.path + "/stderr.log"
        let text = Self.numberedLines(200)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(LogCap.apply(path, head: text.utf8.count, tail: 10) == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        #expect(LogCap.apply(box.path + "/missing.log") == 0)
        #expect(!FileManager.default.fileExists(atPath: box.path + "/missing.log"))
    }

    /// A chatty job through the executor: both logs end at 2 MiB and a line, and the failure
    /// still names the job's last error line, which the tail keeps.
    @Test func aChattyJobsLogsAreCappedWhenItEnds() throws {
        let box = try Sandbox()
        defer { box.remove() }
        // About 3.4 MB on each stream, then a last error line and a failing exit.
        let chatty = "seq 1 500000; seq 1 500000 >&2; echo 'the last error line' >&2; exit 1"
        let plan = Plan(
            name: "test", jobs: [Job(id: "chatty", schedule: nil, seed: 1, params: ["v": .int(1)])],
            runner: .command(["/bin/sh", "-c", chatty, "{v}"]),
            execution: ExecutionSettings(threads: 1, retries: 0))
        let outcome = try box.run(plan)
        #expect(outcome.failed == 1)
        #expect(outcome.problems.first?.reason.hasSuffix(": the last error line") == true, "\(outcome.problems)")
        for path in [box.folder.stdout("chatty"), box.folder.stderr("chatty")] {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data.count <= LogCap.headBytes + LogCap.tailBytes + 200, "\(path): \(data.count) bytes")
            let text = data.utf8String
            #expect(text.hasPrefix("== blocksweep: attempt 1 on "))
            #expect(text.contains("\n1\n2\n3\n"))
            #expect(text.contains("\n\(LogCap.markerPrefix)"))
            #expect(text.hasSuffix(path.hasSuffix("stdout.log") ? "\n500000\n" : "\n500000\nthe last error line\n"))
        }
        #expect(!FileManager.default.fileExists(atPath: box.folder.stdout("chatty") + ".capping"))
    }
}
