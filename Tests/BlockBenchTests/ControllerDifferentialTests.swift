import Foundation
import Testing
import Vocabulary

@testable import BlockBench

/// The torch runner's dynamic_suffix controller (tools/blocksweep_torch/controller.py) decides as
/// the engine's does. Both are fed the same recorded times, losses and relevance scores over
/// random settings, and every step's active start and probe, the final budget, active start and
/// probe count, and every trace event (figures included) must be equal. The Python side runs
/// once for all cases, through tools/blocksweep_torch/controller_replay.py, whose docstring gives
/// the driver loop both sides share; it is torch-free, so any python3 runs it ($BLOCKSWEEP_PYTHON
/// when set).
@Suite(.timeLimit(.minutes(10))) struct ControllerDifferentialTests {
    typealias Numbers = StepKindCoverageTests.Numbers

    static let caseCount = 300

    /// How the recorded train loss moves: so that the adaptive budget moves both ways and the
    /// stability gate both opens and stays shut.
    enum LossShape: String, CaseIterable {
        case down, up, noisy, flat, plateau, jumps
    }

    struct Case {
        var settings: [(name: String, value: ParameterValue)]
        /// nil: progress by steps.
        var budgetMs: Double?
        var stepsLimit: Int
        var elapsedMs: [Double]
        var losses: [Double]
        var probeLosses: [Double]
        /// Each block's relevance, nil where no setting lets the step probe.
        var scores: [[Double]?]
        var shape: LossShape
        var exact: Bool

        var config: BenchConfig {
            var c = BenchConfig()
            for (name, value) in settings {
                let assigned = BenchParameter.named(name)?.assign(value, to: &c)
                precondition(assigned == true, "\(name) = \(value) is not a setting of the parameter table")
            }
            return c
        }

        var progress: DynamicSuffixController.Progress {
            budgetMs.map { .time(budgetMs: $0, stepsLimit: stepsLimit) } ?? .steps(limit: stepsLimit)
        }

        /// What a failure message names: the settings, the progress and the inputs' shapes.
        var summary: String {
            let progressText = budgetMs.map { "time budget \($0) ms" } ?? "steps limit \(stepsLimit)"
            let named = settings.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            return "\(named); \(progressText); \(losses.count) steps; losses \(shape.rawValue)"
                + (exact ? "; whole-number scores" : "")
        }
    }

    /// What both controllers decided over one case.
    struct Decisions: Decodable, Equatable {
        var activeStarts: [Int]
        var probes: [Bool]
        var budget: Int
        var dynamicStart: Int
        var probeCount: Int
        var events: [TraceEvent]

        enum CodingKeys: String, CodingKey {
            case activeStarts = "active_starts", probes, budget, dynamicStart = "dynamic_start"
            case probeCount = "probe_count", events
        }
    }

    static func makeCase(_ r: inout Numbers) -> Case {
        let n = r.int(2...24)
        let timed = r.chance(0.5)
        let stepsLimit = r.int(20...160)
        // A run on a time budget may end before its steps limit.
        let count = timed ? r.int((stepsLimit / 2)...stepsLimit) : stepsLimit
        // Exact ties: no EMA smoothing, whole-number scores and thresholds of quarters, loss
        // bounds of 1, so that a comparison meets equality and `>` against `>=` shows.
        let exact = r.chance(0.25)
        var settings: [(name: String, value: ParameterValue)] = [("n_layers", .int(n)), ("steps", .int(stepsLimit))]
        func add(_ name: String, _ value: ParameterValue) { settings.append((name, value)) }
        let warmup = r.int(0...15)
        let probeEvery = r.chance(0.3) ? 0 : r.int(1...12)
        let refreshEvery = r.chance(0.4) ? 0 : r.int(1...40)
        add("dyn_warmup_steps", .int(warmup))
        add("dyn_probe_every", .int(probeEvery))
        add("dyn_refresh_every", .int(refreshEvery))
        let quarter = 0.25 * Double(r.int(1...4))
        add("dyn_relevance_threshold", .double(exact ? quarter : r.chance(0.1) ? 1 : 0.05 + 0.95 * r.next()))
        add("dyn_min_active_layers", .int(r.int(1...(n + 2))))
        add("dyn_max_active_layers", .int(r.chance(0.3) ? 0 : r.int(1...(n + 2))))
        add("dyn_adapt_budget", .bool(r.chance(0.6)))
        add("dyn_freeze_start_step", .int(r.chance(0.5) ? -1 : r.int(0...stepsLimit)))
        // 0.5 of an odd limit is a tie that both must round to even.
        add("dyn_freeze_start_frac", .double(r.chance(0.3) ? [0, 0.5, 1][r.int(0...2)] : r.next()))
        add("dyn_require_stable", .bool(r.chance(0.5)))
        add("dyn_stability_window", .int(r.int(1...15)))
        add("dyn_stability_rel_change", .double(r.chance(0.1) ? 0 : 0.1 * r.next() * r.next()))
        add("dyn_stability_cv", .double(r.chance(0.1) ? 0 : 0.1 * r.next() * r.next()))
        add("dyn_final_full_frac", .double(r.chance(0.4) ? 0 : 0.6 * r.next()))
        add("dyn_final_recovery_mode", .string(r.chance(0.5) ? "full" : "staged"))
        let stage1 = r.next()
        add("dyn_final_recovery_stage1_progress", .double(stage1))
        add("dyn_final_recovery_stage2_progress", .double(stage1 + (1 - stage1) * r.next()))
        add("dyn_final_recovery_stage1_layers", .int(r.int(1...(n + 2))))
        add("dyn_final_recovery_stage2_layers", .int(r.int(1...(n + 2))))
        add("dyn_loss_upper", .double(exact ? 1 : 0.99 + 0.06 * r.next()))
        add("dyn_loss_lower", .double(exact ? 1 : 0.95 + 0.06 * r.next()))
        add("dyn_budget_step_up", .int(r.int(0...3)))
        add("dyn_budget_step_down", .int(r.int(0...3)))
        add("dyn_loss_ema_decay", .double(exact ? 0 : 0.99 * r.next()))
        add("dyn_ema_decay", .double(exact ? 0 : 0.99 * r.next()))

        let budgetMs = 50 + 950 * r.next()
        // Steps of uneven length that end short of the budget or past it.
        let meanStep = budgetMs * (0.7 + 0.8 * r.next()) / Double(count)
        var elapsedMs: [Double] = [0]
        for _ in 1..<count { elapsedMs.append(elapsedMs[elapsedMs.count - 1] + meanStep * (0.5 + r.next())) }

        let shape = LossShape.allCases[r.int(0...(LossShape.allCases.count - 1))]
        let losses = makeLosses(shape, count: count, &r)
        let probeLosses = r.chance(0.75) ? losses : losses.map { $0 * (0.9 + 0.2 * r.next()) }

        let scoreShape = r.int(0...4)
        var scores: [[Double]?] = []
        for step in 0..<count {
            let canProbe =
                step < warmup || (probeEvery > 0 && step % probeEvery == 0)
                || (refreshEvery > 0 && step % refreshEvery == 0)
            guard canProbe else {
                scores.append(nil)
                continue
            }
            var blocks: [Double] = []
            let zero = r.chance(0.05)  // no relevance at all: the controller falls back to its cap
            for i in 0..<n {
                let u = r.next()
                switch zero ? -1 : exact ? -2 : scoreShape {
                case -2: blocks.append(Double(r.int(0...3)))
                case -1: blocks.append(0)
                case 0: blocks.append(u)
                case 1: blocks.append(Double((i + 1) * (i + 1)) * u)  // the top blocks matter
                case 2: blocks.append(Double((n - i) * (n - i)) * u)  // the bottom blocks matter
                case 3: blocks.append(1)  // ties everywhere
                default: blocks.append(u < 0.3 ? u : 0)  // a few blocks matter
                }
            }
            scores.append(blocks)
        }
        return Case(
            settings: settings, budgetMs: timed ? budgetMs : nil, stepsLimit: stepsLimit, elapsedMs: elapsedMs,
            losses: losses, probeLosses: probeLosses, scores: scores, shape: shape, exact: exact)
    }

    static func makeLosses(_ shape: LossShape, count: Int, _ r: inout Numbers) -> [Double] {
        let base = 0.5 + r.next()
        let amplitude = 0.5 + 2 * r.next()
        let noise = 0.02 * r.next()
        var losses: [Double] = []
        switch shape {
        case .down:
            let tau = Double(count) * (0.1 + 0.4 * r.next())
            for s in 0..<count { losses.append(base + amplitude * exp(-Double(s) / tau) + noise * (r.next() - 0.5)) }
        case .up:
            for s in 0..<count {
                losses.append(base + amplitude * Double(s) / Double(count) + noise * (r.next() - 0.5))
            }
        case .noisy:
            for _ in 0..<count { losses.append(base * (1 + 0.3 * (r.next() - 0.5))) }
        case .flat:
            losses = Array(repeating: base, count: count)
        case .plateau:
            // Falls, then holds exactly: the stability test passes once two windows are flat.
            let knee = r.int(0...count)
            for s in 0..<count {
                losses.append(s < knee ? base + amplitude * (1 - Double(s) / Double(knee)) : base)
            }
        case .jumps:
            var level = base
            var next = 0
            for s in 0..<count {
                if s == next {
                    level *= 0.8 + 0.45 * r.next()
                    next = s + r.int(3...20)
                }
                losses.append(level)
            }
        }
        return losses
    }

    /// The engine's controller over a case, driven as controller_replay.py drives the runner's.
    static func engineDecisions(_ c: Case) -> Decisions {
        var controller = DynamicSuffixController(config: c.config, progress: c.progress)
        var starts: [Int] = []
        var probes: [Bool] = []
        for step in c.losses.indices {
            let plan = controller.plan(step: step, elapsedMs: c.elapsedMs[step], losses: Array(c.losses[..<step]))
            starts.append(plan.activeStart)
            probes.append(plan.isProbe)
            if plan.isProbe {
                guard let scores = c.scores[step] else {
                    Issue.record("step \(step) probes, but the case has no scores for it: \(c.summary)")
                    break
                }
                controller.recordProbe(step: step, loss: c.probeLosses[step], scores: scores)
            }
        }
        return Decisions(
            activeStarts: starts, probes: probes, budget: controller.budget, dynamicStart: controller.dynamicStart,
            probeCount: controller.probeCount, events: controller.events)
    }

    /// A double as JSON: Swift's description reads back to the same double.
    static func json(_ value: Double) -> String {
        precondition(value.isFinite)
        return "\(value)"
    }

    static func json(_ values: [Double]) -> String { "[" + values.map { json($0) }.joined(separator: ",") + "]" }

    static func json(_ value: ParameterValue) -> String {
        switch value {
        case .int(let v): return "\(v)"
        case .double(let v): return json(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return "\"\(v)\""
        }
    }

    static func json(_ c: Case) -> String {
        let settings = c.settings.map { "\"\($0.name)\":\(json($0.value))" }.joined(separator: ",")
        let progress =
            c.budgetMs.map { "{\"budget_ms\":\(json($0)),\"steps\":\(c.stepsLimit)}" } ?? "{\"steps\":\(c.stepsLimit)}"
        let scores = c.scores.map { $0.map { json($0) } ?? "null" }.joined(separator: ",")
        return "{\"settings\":{\(settings)},\"progress\":\(progress),\"elapsed_ms\":\(json(c.elapsedMs)),"
            + "\"losses\":\(json(c.losses)),\"probe_losses\":\(json(c.probeLosses)),\"scores\":[\(scores)]}"
    }

    /// The runner's controller over every case, in one run of controller_replay.py.
    static func runnerDecisions(_ cases: [Case]) throws -> [Decisions] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "blocksweep-controller-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("cases.json")
        let output = folder.appendingPathComponent("decisions.json")
        let errors = folder.appendingPathComponent("stderr.txt")
        try Data(("[" + cases.map { json($0) }.joined(separator: ",\n") + "]\n").utf8).write(to: input)
        for file in [output, errors] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }

        let environment = ProcessInfo.processInfo.environment
        let python = environment["BLOCKSWEEP_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let script = packageRoot.appendingPathComponent("tools/blocksweep_torch/controller_replay.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script]
        process.environment = environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
        try #require(
            process.terminationStatus == 0, "\(python) \(script) exited \(process.terminationStatus): \(stderr)")
        return try JSONDecoder().decode([Decisions].self, from: Data(contentsOf: output))
    }

    /// Where two runs of one case first part, or nil when they never do.
    static func firstDifference(engine e: Decisions, runner p: Decisions) -> String? {
        for step in 0..<max(e.activeStarts.count, p.activeStarts.count) {
            func plan(_ d: Decisions) -> String {
                step < d.activeStarts.count ? "active start \(d.activeStarts[step]), probe \(d.probes[step])" : "none"
            }
            if plan(e) != plan(p) { return "step \(step): the engine plans \(plan(e)), the runner \(plan(p))" }
        }
        for (index, (ours, theirs)) in zip(e.events, p.events).enumerated() where ours != theirs {
            return "event \(index) (step \(ours.step)): the engine's \(ours), the runner's \(theirs)"
        }
        if e.events.count != p.events.count {
            return "the engine traced \(e.events.count) events, the runner \(p.events.count)"
        }
        if (e.budget, e.dynamicStart, e.probeCount) != (p.budget, p.dynamicStart, p.probeCount) {
            return "at the end (budget, dynamic start, probes): the engine (\(e.budget), \(e.dynamicStart), "
                + "\(e.probeCount)), the runner (\(p.budget), \(p.dynamicStart), \(p.probeCount))"
        }
        return nil
    }

    @Test func theRunnersControllerDecidesAsTheEnginesOverRandomSettings() throws {
        var numbers = Numbers(state: 20_260_520)
        var cases: [Case] = []
        for _ in 0..<Self.caseCount { cases.append(Self.makeCase(&numbers)) }
        let engine = cases.map { Self.engineDecisions($0) }
        let runner = try Self.runnerDecisions(cases)
        try #require(runner.count == cases.count, "the replay answered \(runner.count) of \(cases.count) cases")

        var differing: [String] = []
        for (index, c) in cases.enumerated() {
            if let difference = Self.firstDifference(engine: engine[index], runner: runner[index]) {
                differing.append("case \(index): \(difference)\n  settings: \(c.summary)")
            }
        }
        let differingCases = differing.count  // counted apart: #expect would print every one
        #expect(
            differingCases == 0,
            "\(differingCases) of \(cases.count) cases differ; the first:\n\(differing.first ?? "")")

        // The cases reach what they are meant to: without these the agreement would say little.
        func count(_ holds: (Case, Decisions) -> Bool) -> Int {
            zip(cases, engine).filter { holds($0, $1) }.count
        }
        func budgets(_ d: Decisions) -> [Int] {
            d.events.compactMap { if case .probe(let e) = $0 { e.activeBudget } else { nil } }
        }
        func freezes(_ d: Decisions) -> [FreezeTrigger] {
            d.events.compactMap { if case .freeze(let e) = $0 { e.trigger } else { nil } }
        }
        func stages(_ d: Decisions) -> [String] {
            d.events.compactMap { if case .recovery(let e) = $0 { e.stage } else { nil } }
        }
        let coverage: [(String, Int)] = [
            ("progress by time", count { c, _ in c.budgetMs != nil }),
            ("whole-number scores, for exact ties", count { c, _ in c.exact }),
            ("progress by steps", count { c, _ in c.budgetMs == nil }),
            ("the budget shrinks", count { _, d in zip(budgets(d), budgets(d).dropFirst()).contains { $1 < $0 } }),
            ("the budget grows", count { _, d in zip(budgets(d), budgets(d).dropFirst()).contains { $1 > $0 } }),
            ("the stability gate opens", count { c, d in c.config.dynRequireStable && !freezes(d).isEmpty }),
            ("the stability gate stays shut", count { c, d in c.config.dynRequireStable && freezes(d).isEmpty }),
            ("an ungated freeze on unstable loss", count { _, d in freezes(d).contains { !$0.stableOk } }),
            ("a full recovery", count { _, d in stages(d).contains("full") }),
            ("a staged recovery to its end", count { _, d in stages(d).contains("stage3_full") }),
            ("a staged recovery's stage 2", count { _, d in stages(d).contains("stage2") }),
            ("three or more distinct active starts", count { _, d in Set(d.activeStarts).count > 2 })
        ]
        for (what, hits) in coverage {
            #expect(hits > 0, "no case where \(what)")
        }
    }
}

extension StepKindCoverageTests.Numbers {
    mutating func chance(_ p: Double) -> Bool { next() < p }
}
