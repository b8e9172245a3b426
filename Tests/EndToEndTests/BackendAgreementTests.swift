import BlocksweepTestSupport
import Foundation
import SweepKit
import Testing
import Vocabulary

@testable import SweepRunner

/// One behaviour suite for both backends: each case runs the same sweep with `--backend local`
/// and `--backend slurm` (the real local Slurm), and the two journals must tell each job's life
/// the same way: the same events in the same order, the same attempts, the same reasons and
/// the same finality. Slurm's own bookkeeping (`submitted`, task ids, devices, times) aside.
extension RealSlurm {
    @Suite(.timeLimit(.minutes(10))) struct BackendAgreementTests {
        /// One job's life as both backends must write it.
        struct Life: Equatable, CustomStringConvertible {
            var events: [String]
            var description: String { events.joined(separator: " → ") }
        }

        /// flaky: fails once (a marker beside the script), then writes a result; broken: writes a
        /// file that is no result (unusable, not retried); fine: writes a result.
        static let script = """
            #!/bin/sh
            here=$(dirname "$0")
            case "$1" in
              flaky) if [ ! -e "$here/flaky-$3" ]; then touch "$here/flaky-$3"; echo "first try breaks" >&2; exit 3; fi ;;
              broken) echo 'not json' > "$2"; exit 0 ;;
            esac
            printf '{"loss": 1.5}\\n' > "$2"
            """

        static func sweep(_ root: URL, backend: String) throws -> String {
            let folder = root.appendingPathComponent(backend)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let script = folder.appendingPathComponent("job.sh").path
            try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
            chmod(script, 0o755)
            let file = folder.appendingPathComponent("agree.yaml").path
            try """
            version: 1
            name: agree
            runner: {command: [\(script), "{mode}", "{result}", "{seed}"]}
            grid:
              mode: [fine, flaky, broken]
            seeds: [1]
            execution: {retries: 1, devices: "cpu:1"}
            """.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        /// Each job's life, keyed by its mode, paths made relative to the results folder.
        static func lives(_ folder: ResultsFolder) throws -> [String: Life] {
            let plan = try folder.readPlan()
            let mode = Dictionary(uniqueKeysWithValues: plan.jobs.map { ($0.id, $0.params["mode"]!.description) })
            var lives: [String: Life] = [:]
            for entry in Journal.read(path: folder.journal) where entry.event != .submitted {
                guard let key = mode[entry.job] else { continue }
                // Each backend's sweep has its own script path, so its own job ids: named as <id>.
                let reason =
                    entry.reason.map {
                        ": "
                            + $0.replacingOccurrences(of: folder.path + "/", with: "")
                            .replacingOccurrences(of: entry.job, with: "<id>")
                    } ?? ""
                let final = entry.final.map { $0 ? " (final)" : " (not final)" } ?? ""
                lives[key, default: Life(events: [])].events.append(
                    "\(entry.event.rawValue) #\(entry.attempt)\(reason)\(final)")
            }
            return lives
        }

        func run(_ root: URL, backend: String, extra: [String] = []) throws -> (Int32, ResultsFolder) {
            let file = try Self.sweep(root, backend: backend)
            let results = root.appendingPathComponent(backend).appendingPathComponent("r").path
            let run = try BlocksweepBinary.run(
                ["run", file, "--results", results, "--backend", backend] + extra, in: root)
            return (run.status, ResultsFolder(path: results + "/agree"))
        }

        /// Retries within the budget, a result that is no result failed for good at once, and a
        /// lost result run again on resume: the same lives through either backend.
        @Test func bothBackendsTellEveryJobsLifeTheSameWay() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            var lives: [String: [String: Life]] = [:]
            for backend in ["local", "slurm"] {
                let (status, folder) = try run(root, backend: backend)
                #expect(status == 1, "\(backend): the broken job fails the run")
                // A result deleted between runs: the resume runs that job again, saying why.
                let plan = try folder.readPlan()
                let fine = try #require(plan.jobs.first { $0.params["mode"] == .string("fine") })
                try FileManager.default.removeItem(atPath: folder.result(fine.id))
                let (again, _) = try run(root, backend: backend)
                #expect(again == 1, "\(backend)")
                lives[backend] = try Self.lives(folder)
                if backend == "slurm" {
                    // Each array keeps its own task table: a retry submitted in the same second
                    // as the first array once overwrote the first's, and its unstarted task
                    // failed ("names no job for task 2") where the local run had no failure.
                    let slurm = folder.path + "/slurm"
                    let tables = try FileManager.default.contentsOfDirectory(atPath: slurm).filter {
                        $0.hasSuffix(".tasks")
                    }
                    let log = try String(contentsOfFile: slurm + "/submissions.log", encoding: .utf8)
                    #expect(tables.count == log.split(separator: "\n").count, "\(tables)\n\(log)")
                }
            }
            let local = try #require(lives["local"])
            let slurm = try #require(lives["slurm"])
            #expect(local.keys.sorted() == ["broken", "fine", "flaky"])
            for mode in local.keys.sorted() {
                #expect(
                    local[mode] == slurm[mode],
                    "\(mode)\n local: \(local[mode]!)\n slurm: \(slurm[mode].map(\.description) ?? "none")")
            }
            // What the lives are, so agreeing on a wrong one fails too.
            #expect(local["flaky"]?.events.first { $0.hasPrefix("failed") }?.hasSuffix("(not final)") == true)
            #expect(local["flaky"]?.events.last?.hasPrefix("done #2") == true, "\(local["flaky"]!)")
            #expect(local["broken"]?.events.last?.hasSuffix("(final)") == true, "\(local["broken"]!)")
            #expect(
                local["fine"]?.events.contains { $0.contains("result lost: jobs/") && $0.contains("is missing") }
                    == true,
                "\(local["fine"]!)")
        }

        /// A calibrated sweep resumed after a result lost its modelled step times (written
        /// before the sweep had its calibration): both backends run that job again, and only it,
        /// saying why in the same words (ResumeChecks).
        @Test func bothBackendsResumeACalibratedSweepTheSameWay() throws {
            try LocalSlurm.require()
            let root = try BlocksweepBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            let file = root.appendingPathComponent("calibrated.yaml")
            try CalibratedSweepTests.sweep.write(to: file, atomically: true, encoding: .utf8)
            var lives: [String: Life] = [:]
            for backend in ["local", "slurm"] {
                let arguments = ["run", file.path, "--results", backend, "--backend", backend]
                let first = try BlocksweepBinary.run(arguments, in: root)
                #expect(first.status == 0, "\(backend): \(first.stdout)\(first.stderr)")
                let folder = ResultsFolder(path: root.appendingPathComponent("\(backend)/calibrated").path)
                let plan = try folder.readPlan()
                let job = try #require(plan.jobs.first { $0.calibration != nil && $0.schedule?.isBaseline == false })
                let path = folder.result(job.id)
                var result = try #require(
                    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
                        as? [String: Any])
                result["results"] = (result["results"] as? [[String: Any]] ?? []).map {
                    $0.filter { !$0.key.hasPrefix("modelled_") && $0.key != "speedup_vs_full_modelled" }
                }
                try JSONSerialization.data(withJSONObject: result).write(to: URL(fileURLWithPath: path))
                let again = try BlocksweepBinary.run(arguments, in: root)
                #expect(again.status == 0, "\(backend): \(again.stdout)\(again.stderr)")
                let entries = Journal.read(path: folder.journal).filter { $0.event != .submitted }
                #expect(Set(entries.filter { $0.event == .failed }.map(\.job)) == [job.id], "\(backend)")
                lives[backend] = Life(
                    events: entries.filter { $0.job == job.id }.map {
                        "\($0.event.rawValue) #\($0.attempt)"
                            + ($0.reason.map { ": " + $0.replacingOccurrences(of: folder.path + "/", with: "") } ?? "")
                    })
            }
            #expect(lives["local"] == lives["slurm"], "local: \(lives["local"]!)\nslurm: \(lives["slurm"]!)")
            #expect(lives["local"]?.events.contains { $0.hasPrefix("failed #1: result lost: jobs/") } == true)
        }
    }
}
