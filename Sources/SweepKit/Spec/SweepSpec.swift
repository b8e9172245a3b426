import Foundation
import Vocabulary

/// A validated sweep file (format version 1, docs/sweep-file.md): what to vary, what to keep
/// fixed, how to run it and how to judge it. Built only by `load`/`parse`, which check it
/// whole; `Planner.plan` expands it into jobs.
package struct SweepSpec: Sendable {
    package static let supportedVersion = 1

    /// Where the text came from (diagnostics name it) and the text itself.
    package var path: String
    package var source: String

    package var version: Int
    /// Results go to results/<name>/.
    package var name: String
    package var description: String?
    package var runner: RunnerSpec
    package var execution: ExecutionSettings
    package var rules: Rules
    /// How the report orders a command's metrics (`report`); nil when the file has none.
    package var report: ReportSettings?
    /// One job per seed for every point (and schedule).
    package var seeds: [Int]
    /// `seeds: {initial, max}`: `seeds` holds the initial seeds, and inconclusive
    /// configurations get more during the run (AdaptiveSeeds). nil for a fixed list.
    package var adaptiveSeeds: AdaptiveSeeds? = nil
    /// Schedules to run (builtin and torch runners); every schedule when absent.
    package var schedules: [Schedule]
    /// Parameters every point shares, in file order; names normalized to snake_case for the
    /// builtin and torch runners.
    package var base: [Setting]
    /// The axes of the expansion, in file order: grid axes, zip groups, the sample block.
    package var dimensions: [Dimension]
    /// `where`: a point is kept only when every constraint holds.
    package var constraints: [Constraint]
    /// Positions of top-level keys, for diagnostics the planner raises.
    package var keyLocations: [String: SourceLocation]

    /// One fixed parameter.
    package struct Setting: Sendable, Equatable {
        package var name: String
        package var value: ParameterValue
        package var location: SourceLocation
    }

    /// One axis of the expansion: a grid axis (one name), a zip group or the sample block
    /// (several names). Every row holds one value per name.
    package struct Dimension: Sendable, Equatable {
        package enum Kind: String, Sendable { case grid, zip, sample }
        package var kind: Kind
        package var names: [String]
        package var rows: [[ParameterValue]]
        package var location: SourceLocation
    }

    /// One `where` expression.
    package struct Constraint: Sendable {
        package var text: String
        package var expression: Expression
        package var location: SourceLocation
        /// Where the text's first character sits (after a quote): `expression`'s offsets count from here.
        package var textStart: SourceLocation
    }

    /// Points before constraints (the product of the dimension sizes), saturating at Int.max.
    package var pointCount: Int {
        dimensions.reduce(1) { acc, d in
            let (p, overflow) = acc.multipliedReportingOverflow(by: d.rows.count)
            return overflow ? Int.max : p
        }
    }

    /// Reads and validates a sweep file. Throws `SweepDiagnostics` listing every problem.
    package static func load(path: String) throws -> SweepSpec {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SweepDiagnostics(
                path: path, source: "",
                diagnostics: [
                    Diagnostic("cannot read the sweep file: \(Self.reason(error))", at: .start)
                ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SweepDiagnostics(
                path: path, source: "",
                diagnostics: [
                    Diagnostic("the sweep file is not UTF-8 text", at: .start)
                ])
        }
        return try parse(text, path: path)
    }

    /// Validates sweep-file text; `path` only names it in diagnostics.
    package static func parse(_ text: String, path: String = "<sweep>") throws -> SweepSpec {
        switch SpecReader.read(text, path: path) {
        case .success(let spec): return spec
        case .failure(let sink):
            throw SweepDiagnostics(path: path, source: text, diagnostics: sink.items)
        }
    }

    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain && ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }
}
