import Foundation
import Testing

/// The benchmark is defined inside the repository: nothing may send a reader to a spec outside
/// it (the shared folder beside a checkout), and the README leads to docs/benchmark.md.
@Suite(.timeLimit(.minutes(10)))
struct RepositoryDocsTests {
    /// Source, docs, tools and tests, without build output and the recorded fixtures.
    private func repositoryTextFiles() -> [URL] {
        let root = Paths.packageRoot
        var files = [root.appendingPathComponent("README.md"), root.appendingPathComponent("Package.swift")]
        for folder in ["Sources", "Tests", "docs", "tools", "sweeps", ".ci"] {
            guard
                let walker = FileManager.default.enumerator(
                    at: root.appendingPathComponent(folder),
                    includingPropertiesForKeys: nil)
            else { continue }
            for case let url as URL in walker where !url.path.contains("/Fixtures/") {
                if ["swift", "md", "sh", "yaml", "h", "c", "modulemap", ""].contains(url.pathExtension) {
                    files.append(url)
                }
            }
        }
        return files
    }

    @Test func nothingCitesTheSpecOutsideTheRepository() throws {
        let files = repositoryTextFiles()
        #expect(files.count > 50)
        // Spelled in two pieces so this file does not match itself.
        let outside = ["../" + "shared", "BENCHMARK" + ".md"]
        for url in files {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for needle in outside where text.contains(needle) {
                Issue.record("\(url.path) cites \(needle): point to docs/benchmark.md")
            }
        }
    }

    @Test func theReadmeLinksTheBenchmarkDefinition() throws {
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("(docs/benchmark.md)"))
        let benchmark = try String(
            contentsOf: Paths.packageRoot.appendingPathComponent("docs/benchmark.md"), encoding: .utf8)
        for heading in [
            "## Model and data", "## Optimizer", "## The three schedules", "### dynamic_suffix", "## Timing",
            "## Step counts and the equal-time budget", "## Cost model", "## Result JSON", "## Flags and defaults"
        ] {
            #expect(benchmark.contains(heading), "docs/benchmark.md lacks \(heading)")
        }
    }

    /// docs/architecture.md sends a newcomer to files by path: every `Sources/...` or `Tests/...`
    /// path it names must exist, so the page fails here when code moves without it.
    @Test func everyPathTheArchitecturePageNamesExists() throws {
        let page = try String(
            contentsOf: Paths.packageRoot.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"(?:Sources|Tests)/[A-Za-z0-9_+./-]*[A-Za-z0-9_+]"#)
        let paths = Set(
            regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).compactMap {
                Range($0.range, in: page).map { String(page[$0]) }
            })
        #expect(paths.count > 60, "\(paths.count) paths")
        for path in paths.sorted() {
            #expect(
                FileManager.default.fileExists(atPath: Paths.packageRoot.appendingPathComponent(path).path),
                "docs/architecture.md names \(path), which does not exist")
        }
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("(docs/architecture.md)"))
    }

    /// Test targets mirror the library targets: only EndToEndTests runs the built binary, so a
    /// library's tests build and pass without the executable.
    @Test func onlyTheEndToEndTestsRunTheBinary() throws {
        let tests = Paths.packageRoot.appendingPathComponent("Tests")
        for target in ["VocabularyTests", "BlockBenchTests", "SweepKitTests", "SweepRunnerTests"] {
            let folder = tests.appendingPathComponent(target)
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
                Issue.record("no \(target)")
                continue
            }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let text = try String(contentsOf: url, encoding: .utf8)
                // Spelled in two pieces so this file does not match itself.
                for needle in [
                    "BlocksweepBinary" + ".run", "BlocksweepBinary" + ".Running", "BlocksweepBinary" + ".binary",
                    "import " + "blocksweep\n"
                ] where text.contains(needle) {
                    Issue.record("\(target)/\(url.lastPathComponent) uses \(needle): move it to Tests/EndToEndTests")
                }
            }
        }
    }

    /// A schedule is a type (docs/architecture.md, "Adding a schedule"): outside its folder the
    /// code asks a schedule's `kind` and never names one, so a fourth schedule touches no other
    /// file. `Schedule.baseline` names the baseline where the code means it.
    @Test func noCodeOutsideTheSchedulesFolderNamesASchedule() throws {
        let sources = Paths.packageRoot.appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var files = 0
        for case let url as URL in walker where url.pathExtension == "swift" {
            guard !url.path.contains("/Sources/Vocabulary/Schedules/") else { continue }
            files += 1
            let lines = try String(contentsOf: url, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for name in ["fullUpdate", "staticSuffix", "dynamicSuffix"] where line.contains("." + name) {
                    let path = url.path.replacingOccurrences(of: sources.path, with: "Sources")
                    Issue.record(
                        "\(path):\(i + 1) names .\(name): ask the schedule's kind (Sources/Vocabulary/Schedules/)")
                }
            }
        }
        #expect(files > 100)
    }
}
