import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing

@testable import SweepRunner

/// A results folder keeps every sweep file it has run, and refuses results that must not mix
/// with its own (issue 8, point 8).
@Suite(.timeLimit(.minutes(10))) struct ResultsFolderTests {
    static func history(_ folder: ResultsFolder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.sweepHistory)) ?? []).sorted()
    }

    /// A folder written before sweeps/ existed: its sweep.yaml goes to the history before a
    /// different sweep file replaces it.
    @Test func anOlderFoldersSweepCopyIsKeptToo() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let plan = box.plan([(id: "a", mode: "ok", dependsOn: [])])
        try FileManager.default.createDirectory(atPath: box.folder.path, withIntermediateDirectories: true)
        try "the old sweep".write(toFile: box.folder.sweepCopy, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -86_400)],
            ofItemAtPath: box.folder.sweepCopy)
        try box.folder.prepare(plan: plan, sweepSource: "the new sweep")
        let kept = try Self.history(box.folder).map {
            try String(contentsOfFile: box.folder.sweepHistory + "/" + $0, encoding: .utf8)
        }
        #expect(kept == ["the old sweep", "the new sweep"])
        #expect(try String(contentsOfFile: box.folder.sweepCopy, encoding: .utf8) == "the new sweep")
    }

    @Test func anotherSweepsFolderIsRefused() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.folder.prepare(plan: box.plan([(id: "a", mode: "ok", dependsOn: [])]), sweepSource: nil)
        var other = box.plan([(id: "a", mode: "ok", dependsOn: [])])
        other.name = "other"
        #expect(
            throws: SweepRunError.badInput(
                "\(box.folder.path) holds the results of sweep 'test', not 'other'; "
                    + "give this sweep its own folder with `--results DIR` (or another `name`)")
        ) {
            try box.folder.prepare(plan: other, sweepSource: nil)
        }
    }
}
