import ArgumentParser
import SweepKit
import Testing
import Vocabulary

@testable import BlockBench
@testable import SweepRunner
@testable import blocksweep

/// Every layer's error reaches the user through ExitReport: one message and one exit code of
/// the table in ExitCodes (README.md mirrors it).
@Suite(.timeLimit(.minutes(10))) struct ExitReportTests {
    @Test func eachLayersErrorGetsItsRowOfTheTable() {
        let cases: [(any Error, String, Int32)] = [
            (SweepRunError.badInput("x: bad"), "error: x: bad\n", 2),
            (SweepRunError.locked("held by pid 7"), "error: held by pid 7\n", 4),
            (SweepRunError.system("cannot write j"), "error: cannot write j\n", 3),
            (ReportInputError(path: "r/", message: "no results"), "error: r/: no results\n", 2),
            (BenchCommandLine.ParseError(message: "--lr: not a number"), "error: --lr: not a number\n", 2),
            (
                CLIError(message: "--out: cannot write", exitCode: ExitCodes.systemFailure),
                "error: --out: cannot write\n", 3
            ),
            (ExitCode(1), "", 1),
            (ExitCode(130), "", 130)
        ]
        for (error, text, code) in cases {
            let report = ExitReport(for: error)
            #expect(report.text == text, "\(error)")
            #expect(report.exitCode == code, "\(error)")
            #expect(!report.toStandardOutput)
        }
    }

    @Test func sweepFileErrorsListEveryDiagnosticWithItsPlace() {
        do {
            _ = try SweepSpec.parse("version: 1\nname: t\nbase:\n  lr: -1\n", path: "s.yaml")
            Issue.record("accepted")
        } catch {
            let report = ExitReport(for: error)
            #expect(report.exitCode == ExitCodes.badInput)
            #expect(report.text.hasPrefix("s.yaml:4:"), "\(report.text)")
            #expect(report.text.hasSuffix("1 error in s.yaml\n"), "\(report.text)")
        }
    }

    @Test func helpIsAnAnswerOnStandardOutput() {
        let help = ExitReport(for: CleanExit.helpRequest(Blocksweep.self))
        #expect(help.exitCode == 0 && help.toStandardOutput)
        #expect(help.text.contains("Exit codes:"))
        do {
            _ = try Blocksweep.parseAsRoot(["validate", "--no-such-flag"])
            Issue.record("accepted")
        } catch {
            let report = ExitReport(for: error)
            #expect(report.exitCode == ExitCodes.badInput && !report.toStandardOutput)
        }
    }
}
