import Foundation
import Testing

@testable import SweepKit

/// Paths derived from this file, so tests find fixtures, sweeps/ and the built binary
/// wherever the package is checked out.
enum Paths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures")
    static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let sweeps = packageRoot.appendingPathComponent("sweeps")

    static func fixture(_ relative: String) -> URL { fixtures.appendingPathComponent(relative) }

    /// The reference benchmark's real result files, shared by every test target.
    static let referenceResults = packageRoot.appendingPathComponent("Tests/Fixtures/reference-results")
    static func reference(_ name: String) -> URL { referenceResults.appendingPathComponent(name) }

    static func files(in dir: URL, ext: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix("." + ext) }
            .sorted()
    }
}

/// Parses sweep text that must be valid; the diagnostics become the failure message otherwise.
func spec(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SweepSpec {
    do {
        return try SweepSpec.parse(text, path: "test.yaml")
    } catch let d as SweepDiagnostics {
        Issue.record("unexpected diagnostics:\n\(d.rendered)", sourceLocation: sourceLocation)
        throw d
    }
}

/// The diagnostics sweep text produces (validation, then planning); empty when it is valid.
func diagnostics(_ text: String, maxJobs: Int = 100_000) -> [Diagnostic] {
    do {
        let s = try SweepSpec.parse(text, path: "test.yaml")
        _ = try Planner.plan(s, maxJobs: maxJobs)
        return []
    } catch let d as SweepDiagnostics {
        return d.diagnostics
    } catch {
        return [Diagnostic("\(error)", at: .start)]
    }
}

func plan(_ text: String) throws -> Plan { try Planner.plan(try spec(text)) }

/// The minimal header every inline sweep needs.
let header = "version: 1\nname: t\n"
