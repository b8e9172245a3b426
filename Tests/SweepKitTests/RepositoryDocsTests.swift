import Foundation
import Testing

/// The benchmark is defined inside the repository: nothing may send a reader to a spec outside
/// it (the shared folder beside a checkout), and the README leads to docs/benchmark.md.
struct RepositoryDocsTests {
    /// Source, docs, tools and tests, without build output and the recorded fixtures.
    private func repositoryTextFiles() -> [URL] {
        let root = Paths.packageRoot
        var files = [root.appendingPathComponent("README.md"), root.appendingPathComponent("Package.swift")]
        for folder in ["Sources", "Tests", "docs", "tools", "sweeps", ".ci"] {
            guard let walker = FileManager.default.enumerator(at: root.appendingPathComponent(folder),
                                                               includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where !url.path.contains("/Fixtures/") {
                if ["swift", "md", "sh", "yaml", "h", "c", "modulemap", ""].contains(url.pathExtension) { files.append(url) }
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
        let benchmark = try String(contentsOf: Paths.packageRoot.appendingPathComponent("docs/benchmark.md"), encoding: .utf8)
        for heading in ["## Model and data", "## Optimizer", "## The three schedules", "### dynamic_suffix", "## Timing",
                        "## Step counts and the equal-time budget", "## Cost model", "## Result JSON", "## Flags and defaults"] {
            #expect(benchmark.contains(heading), "docs/benchmark.md lacks \(heading)")
        }
    }
}
