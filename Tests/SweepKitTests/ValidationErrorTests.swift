import BlocksweepTestSupport
import Foundation
import Testing

@testable import SweepKit

/// Every error class, from fixture files: the rendered diagnostics (message, FILE:LINE:COL,
/// the line and the caret) must match Fixtures/errors/<name>.expected exactly.
/// Re-record with BLOCKSWEEP_RECORD_GOLDEN=1 swift test (GoldenFile), then review the diff.
@Suite(.timeLimit(.minutes(10)))
struct ValidationErrorTests {
    static let names = Paths.files(in: Paths.fixture("errors"), ext: "yaml")

    @Test(arguments: names)
    func renderedDiagnosticsMatchGolden(_ name: String) throws {
        let url = Paths.fixture("errors/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        var rendered = ""
        do {
            let spec = try SweepSpec.parse(text, path: name)
            _ = try Planner.plan(spec, maxJobs: 20)
            Issue.record("\(name) was accepted")
        } catch let d as SweepDiagnostics {
            rendered = d.rendered
        }
        let expectedURL = url.deletingPathExtension().appendingPathExtension("expected")
        try GoldenFile.expect(rendered, matches: expectedURL)
    }

    @Test func everyFixtureHasAGolden() {
        #expect(Self.names.count >= 15)
        for name in Self.names {
            let expected = Paths.fixture("errors/\(name)").deletingPathExtension().appendingPathExtension("expected")
            #expect(FileManager.default.fileExists(atPath: expected.path), "\(name) has no .expected file")
        }
    }

    /// Another version is refused alone: nothing else in the file is read.
    @Test(arguments: [
        ("version: 2\nname: t\ngird: {x: [1]}\nbase: 5\n", "unsupported version 2; this blocksweep reads version 1"),
        ("version: \"1\"\nname: t\n", "version must be the number 1, got the text '1'; this blocksweep reads version 1")
    ])
    func anotherVersionIsTheOnlyError(text: String, message: String) {
        #expect(diagnostics(text) == [Diagnostic(message, at: SourceLocation(line: 1, column: 10))])
    }

    /// A one-element grid list is accepted and plans exactly as the value in base.
    @Test func aOneElementGridListIsTheSameAsBase() throws {
        let grid = try plan(header + "grid:\n  dmodel: [128]\n  dyn_probe_every: [5, 10]\n")
        let base = try plan(header + "base:\n  dmodel: 128\ngrid:\n  dyn_probe_every: [5, 10]\n")
        #expect(grid.jobs.map(\.id) == base.jobs.map(\.id))
        #expect(grid.jobs.count == 4)
        // And the reference says so (it used to call any single value in grid an error).
        let docs = try String(
            contentsOf: Paths.packageRoot.appendingPathComponent("docs/sweep-file.md"), encoding: .utf8)
        #expect(
            docs.contains(
                "A one-element list\n(`dmodel: [128]`) is accepted and is the same as setting the value in `base`"))
    }

    /// The contract's exact shape, checked by hand for one error.
    @Test func renderedFormIsFileLineColumnLineAndCaret() {
        let text = header + "grid:\n  dyn_probe_evry: [10, 20]\n"
        do {
            _ = try SweepSpec.parse(text, path: "s.yaml")
            Issue.record("accepted")
        } catch let d as SweepDiagnostics {
            #expect(
                d.rendered == """
                    s.yaml:4:3: error: unknown parameter 'dyn_probe_evry'; did you mean 'dyn_probe_every'?
                      dyn_probe_evry: [10, 20]
                      ^

                    """)
        } catch { Issue.record("\(error)") }
    }

    @Test(arguments: [
        ("base:\n  dyn-probe-evry: 3\n", "unknown parameter 'dyn-probe-evry'; did you mean 'dyn_probe_every'?", 4, 3),
        (
            "schedules: [full_update, dynamic_sufix]\n",
            "unknown schedule 'dynamic_sufix' (use full_update, static_suffix, dynamic_suffix); did you mean 'dynamic_suffix'?",
            3, 26
        ),
        (
            "base:\n  json_out: x.json\n",
            "'json_out' is not a sweep parameter: blocksweep chooses where each job writes its result", 4, 3
        ),
        (
            "base:\n  n_layers: 4\n  static_active_layers: 6\n", "static_active_layers is 6, more than n_layers (4)", 5,
            25
        ),
        (
            "base:\n  lr: 0.001\ngrid:\n  lr: [0.1]\n",
            "lr is already set at line 4, column 3; set each parameter in one place", 6, 3
        ),
        (
            "execution:\n  backend: local\n  partition: gpu\n",
            "partition applies only with backend: slurm; set `backend: slurm` in execution here "
                + "(`run --backend slurm` alone does not allow it)", 5, 3
        ),
        (
            "execution:\n  backend: slurm\n  sbatch_args: [--mem=4G, --array=0-3]\n",
            "sbatch_args: --array is blocksweep's to set (it submits job arrays with their dependencies, "
                + "output files and launcher); remove '--array=0-3'", 5, 27
        ),
        (
            "execution:\n  devices: [cuda:0, gpu1]\n",
            "'gpu1' is not a device; use cpu, cpu:N (N cores), cuda or cuda:N (GPU N)", 4, 21
        ),
        (
            "execution:\n  backend: slrum\n", "unknown backend 'slrum' (use local or slurm); did you mean 'slurm'?", 4,
            12
        ),
        ("seeds: [1, 1]\n", "seed 1 is listed twice", 3, 12),
        (
            "grid:\n  dmodel: 128\n",
            "dmodel needs a list of values or a range {from, to, step}; a single value belongs in base", 4, 11
        ),
        ("where:\n  - 'not dyn_adapt_budget or lr'\n", "'or' joins conditions, got a number", 4, 27),
        (
            "runner: {command: [true, \"{x}\"]}\ngrid:\n  x: [1, 2]\n",
            "command argument the boolean true is not text: YAML reads an unquoted true/false, null or number as a typed value; quote it (\"…\") to pass it as written",
            3, 20
        ),
        (
            "runner: {command: [sleep, 1e3]}\n",
            "command argument the number 1000.0 is not text: YAML reads an unquoted true/false, null or number as a typed value; quote it (\"…\") to pass it as written",
            3, 27
        )
    ])
    func singleError(_ body: String, _ message: String, _ line: Int, _ column: Int) {
        let found = diagnostics(header + body)
        #expect(found == [Diagnostic(message, at: SourceLocation(line: line, column: column))])
    }

    @Test func allErrorsAreReportedAtOnce() {
        let found = diagnostics(header + "gird: {}\nbase:\n  dmodle: 1\n  lr: -1\nexecution:\n  threads: two\n")
        #expect(found.map(\.location.line) == [3, 5, 6, 8])
    }

    /// The billion laughs is refused by the node budget: Yams composes it with its aliases
    /// shared, not copied, and the conversion stops at the first value past the budget, so the
    /// work is bounded by the budget whatever the document would expand to. How fast is not
    /// measured (it is no property of the code); where it stops is.
    @Test func aliasBombIsRefusedAtTheNodeBudget() throws {
        let text = try String(contentsOf: Paths.fixture("errors/alias-bomb.yaml"), encoding: .utf8)
        let refused = diagnostics(text)
        #expect(refused.map(\.message) == ["aliases expand the document by more than 100000 values (an alias bomb?)"])
        #expect(refused.map(\.location) == [SourceLocation(line: 4, column: 8)], "where the budget ran out")
        // Within the alias limit, expansion is still bounded by the node budget.
        var nested = header + "description: x\n"
        nested += "grid: {lr: &a [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]}\n"
        var previous = "a"
        for level in 1...6 {
            nested +=
                "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = "l\(level)"
        }
        let found = diagnostics(nested)
        #expect(found.contains { $0.message.contains("alias bomb") })
    }

    @Test func aFewAliasesAreFine() throws {
        let p = try plan(
            header
                + "grid:\n  dyn_min_active_layers: &layers [2, 4]\nzip:\n  - dyn_max_active_layers: *layers\n    dyn_probe_every: [10, 20]\n"
        )
        #expect(p.jobs.filter { $0.schedule == .dynamicSuffix }.count == 4)
    }

    @Test func missingFileIsADiagnosticNotACrash() {
        do {
            _ = try SweepSpec.load(path: "/nonexistent/sweep.yaml")
            Issue.record("loaded a missing file")
        } catch let d as SweepDiagnostics {
            #expect(
                d.rendered == "/nonexistent/sweep.yaml:1:1: error: cannot read the sweep file: no such file\n",
                "one line, no empty source line and lone caret")
        } catch { Issue.record("\(error)") }
    }
}
