import BlocksweepTestSupport
import Foundation
import Testing

@testable import SweepRunner

/// `blocksweep run` keeps every sweep file a results folder has run, and refuses another runner's
/// sweep before anything runs (issue 8, point 8; the library side is in ResultsFolderTests).
@Suite(.timeLimit(.minutes(10))) struct SweepHistoryTests {
    static func history(_ folder: ResultsFolder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.sweepHistory)) ?? []).sorted()
    }

    @Test func everySweepVersionIsKeptOnce() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = box.root.appendingPathComponent("crash.yaml")
        let arguments = ["run", sweep.path, "--results", box.path + "/results"]
        let folder = ResultsFolder(path: box.path + "/results/crash")
        let first = CrashResumeTests.sweepFile(box)
        let second = first.replacingOccurrences(of: "x: [1, 2, 3, 4, 5, 6]", with: "x: [1, 2, 3, 4, 5, 6, 7]")
        for (text, versions) in [(first, 1), (first, 1), (second, 2), (first, 2)] {
            try text.write(to: sweep, atomically: true, encoding: .utf8)
            let outcome = try BlocksweepBinary.run(arguments, in: box.root)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try String(contentsOfFile: folder.sweepCopy, encoding: .utf8) == text)
            #expect(Self.history(folder).count == versions)
        }
        let kept = try Self.history(folder).map {
            try String(contentsOfFile: folder.sweepHistory + "/" + $0, encoding: .utf8)
        }
        #expect(Set(kept) == [first, second])
        #expect(
            Self.history(folder).allSatisfy {
                $0.range(of: #"^\d{8}T\d{6}Z-[0-9a-f]{16}\.yaml$"#, options: .regularExpression) != nil
            })
    }

    @Test func anotherRunnersSweepIsRefusedBeforeAnythingRuns() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let sweep = box.root.appendingPathComponent("crash.yaml")
        try CrashResumeTests.sweepFile(box).write(to: sweep, atomically: true, encoding: .utf8)
        let arguments = ["run", sweep.path, "--results", box.path + "/results"]
        #expect(try BlocksweepBinary.run(arguments, in: box.root).status == 0)
        let folder = ResultsFolder(path: box.path + "/results/crash")
        let journal = try String(contentsOfFile: folder.journal, encoding: .utf8)
        let plan = try String(contentsOfFile: folder.planFile, encoding: .utf8)
        let copy = try String(contentsOfFile: folder.sweepCopy, encoding: .utf8)

        // Same name, the builtin runner.
        try "version: 1\nname: crash\nbase:\n  steps: 2\nseeds: [1]\n".write(
            to: sweep, atomically: true, encoding: .utf8)
        let refused = try BlocksweepBinary.run(arguments, in: box.root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("holds results of runner command '/bin/sh'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("this sweep's runner is runner builtin"))
        #expect(refused.stderr.contains("--results DIR"))
        #expect(try String(contentsOfFile: folder.journal, encoding: .utf8) == journal)
        #expect(try String(contentsOfFile: folder.planFile, encoding: .utf8) == plan)
        #expect(try String(contentsOfFile: folder.sweepCopy, encoding: .utf8) == copy)
        #expect(Self.history(folder).count == 1)
    }
}
