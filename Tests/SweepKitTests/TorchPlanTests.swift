import Foundation
import Testing
import Vocabulary

@testable import SweepKit

/// `runner: torch` plans like the builtin engine (calibration jobs, the modelled clock), with
/// calibrations of its own, and `execution.python` is read and checked where it is written.
@Suite(.timeLimit(.minutes(10)))
struct TorchPlanTests {
    private let header = "version: 1\nname: gpu\n"
    private let body = "base: {dmodel: 16, n_layers: 3, static_active_layers: 1, dyn_min_active_layers: 1}\n"

    private func plan(_ text: String) throws -> Plan {
        try Planner.plan(SweepSpec.parse(text, path: "s.yaml"))
    }

    @Test func torchJobsAreCalibratedApartFromTheEnginesAndReadTheModelledClock() throws {
        let torch = try plan(
            header + "runner: torch\n" + body + "execution: {calibration_cap: 5s, equal_time_clock: wall}\n")
        let builtin = try plan(header + body)
        #expect(torch.calibrations.count == 1 && builtin.calibrations.count == 1)
        #expect(torch.calibrations[0].id != builtin.calibrations[0].id)
        #expect(torch.jobs.allSatisfy { $0.calibration == torch.calibrations[0].id })
        #expect(torch.execution.calibrationCapSeconds == 5 && torch.execution.equalTimeClock == .wall)
    }

    @Test func executionPythonIsKeptForTorch() throws {
        let p = try plan(header + "runner: torch\n" + body + "execution: {python: /opt/venv/bin/python}\n")
        #expect(p.execution.python == "/opt/venv/bin/python")
        let decoded = try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(p))
        #expect(decoded.execution.python == "/opt/venv/bin/python")
    }

    @Test(arguments: [
        ("execution: {python: /usr/bin/python3}\n", "", "s.yaml:4:13: error: python applies only to `runner: torch`"),
        (
            "execution: {python: 3}\n", "runner: torch\n",
            "s.yaml:5:21: error: python must be the path or name of a Python interpreter, got the integer 3"
        )
    ])
    func badPythonNamesFileLineAndColumn(execution: String, runner: String, message: String) throws {
        do {
            _ = try SweepSpec.parse(header + runner + body + execution, path: "s.yaml")
            Issue.record("accepted")
        } catch let d as SweepDiagnostics {
            #expect(d.rendered.contains(message), "\(d.rendered)")
        }
    }
}
