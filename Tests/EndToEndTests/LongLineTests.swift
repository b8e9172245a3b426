import BlocksweepTestSupport
import Foundation
import Testing

/// A sweep file with 900,000 values on one line (about 7 MB), as `blocksweep validate` sees it:
/// what it says stays a few lines long and names the line and column it is about.
@Suite(.enabled(if: BlocksweepBinary.isBuilt, "run swift build first"), .timeLimit(.minutes(10)))
struct LongLineTests {
    static let count = 900_000

    private func validate(_ values: [String]) throws -> BlocksweepBinary.Outcome {
        let folder = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("long.yaml")
        let text = "version: 1\nname: long\ngrid: {lr: [" + values.joined(separator: ", ") + "]}\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try BlocksweepBinary.run(["validate", file.path], in: folder)
    }

    /// The same value 900,000 times: one error at the first repeat, its line cut to an excerpt.
    @Test func aRepeatedValueIsOneShortError() throws {
        let r = try validate(Array(repeating: "1e-4", count: Self.count))
        #expect(r.status == 2)
        #expect(r.stderr.utf8.count < 2_000, "stderr is \(r.stderr.utf8.count) bytes")
        #expect(r.stderr.contains("long.yaml:3:19: error: lr lists the value 0.0001 twice"))
        #expect(!r.stderr.contains("alias bomb"))
    }

    /// 900,000 distinct values are read (no alias is involved); the plan's own job limit is what
    /// refuses them, at the grid, and says how to raise it.
    @Test func distinctValuesMeetTheJobLimitNotTheAliasGuard() throws {
        let r = try validate((0..<Self.count).map { "0.000\(100_000 + $0)" })
        #expect(r.status == 2)
        #expect(r.stderr.utf8.count < 2_000, "stderr is \(r.stderr.utf8.count) bytes")
        #expect(r.stderr.contains("long.yaml:3:1: error: the sweep expands to more than 100000 jobs"))
        #expect(r.stderr.contains("--max-jobs"))
        #expect(!r.stderr.contains("alias bomb"))
    }
}
