import BlocksweepTestSupport
import Foundation
import Testing

/// `blocksweep --version`: the build's version, the one CHANGELOG.md's newest entry names.
@Suite(.timeLimit(.minutes(10))) struct VersionTests {
    @Test func versionPrintsTheChangelogsNewestVersionAndExitsZero() throws {
        let outcome = try BlocksweepBinary.run(["--version"], in: BlocksweepBinary.packageRoot)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        let printed = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let semver = /[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?/
        #expect(printed.wholeMatch(of: semver) != nil, "not a version: '\(printed)'")

        // Newest first: the first `## [...]` heading that names a version is this build's.
        let url = BlocksweepBinary.packageRoot.appendingPathComponent("CHANGELOG.md")
        let changelog = try String(contentsOf: url, encoding: .utf8)
        let newest = changelog.split(separator: "\n").lazy.filter { $0.hasPrefix("## [") }
            .compactMap { $0.firstMatch(of: semver).map { String($0.output.0) } }.first
        #expect(
            newest == printed,
            "CHANGELOG.md's newest entry names \(newest ?? "no version"), --version prints \(printed)")
    }
}
