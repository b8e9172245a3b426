import Foundation
import Vocabulary

/// The report's three figures as SVG text.
package enum ReportFigures {
    package static let scatterFile = "speedup-vs-val-loss.svg"
    package static let trainLossFile = "train-loss.svg"
    package static let activeLayersFile = "active-layers.svg"

    static let verdictColor: [Verdict: String] = [.keep: "#2f9e44", .inconclusive: "#f0a500", .reject: "#d64545"]

    // MARK: Speedup against val-loss increase

    /// Every judged row at (val-loss increase %, speedup), the keep region shaded, the Pareto
    /// front of the dynamic rows drawn; labels are the ranked table's row numbers.
    package static func scatter(_ r: SweepReport) -> String {
        let maxV = r.rules.maxValLossIncrease * 100
        let minS = r.rules.minSpeedup
        func point(_ row: ReportRow) -> (x: Double, y: Double)? {
            guard let s = row.speedup, let v = row.valLossIncrease, s.mean.isFinite, v.mean.isFinite else { return nil }
            return (v.mean * 100, s.mean)
        }
        func bars(_ row: ReportRow) -> (xlo: Double, xhi: Double, ylo: Double, yhi: Double)? {
            guard let s = row.speedup, let v = row.valLossIncrease, s.count > 1,
                [s.lo, s.hi, v.lo, v.hi].allSatisfy(\.isFinite)
            else { return nil }
            return (v.lo * 100, v.hi * 100, s.lo, s.hi)
        }
        var series: [SVGChart.Series] = []
        var xs: [Double] = []
        var ys: [Double] = []
        for verdict in Verdict.allCases {
            var s = SVGChart.Series(
                name: "dynamic_suffix: \(verdict.rawValue)", color: verdictColor[verdict]!,
                points: [], style: .markers)
            var suspect = SVGChart.Series(
                name: "suspect timing (\(verdict.rawValue))", color: verdictColor[verdict]!,
                points: [], style: .markers, marker: .ring)
            for (i, row) in r.ranked.enumerated() where row.verdict == verdict {
                guard let p = point(row) else { continue }
                let isSuspect = row.judgement?.flags.contains(.suspectTiming) ?? false
                if isSuspect {
                    suspect.points.append(p)
                    suspect.errors.append(bars(row))
                    suspect.labels.append(r.ranked.count <= 40 ? "#\(i + 1)" : "")
                } else {
                    s.points.append(p)
                    s.errors.append(bars(row))
                    s.labels.append(r.ranked.count <= 40 ? "#\(i + 1)" : "")
                }
                // Only the points set the axes: a wide interval is cut at the frame (SVGChart.errorBars).
                xs.append(p.x)
                ys.append(p.y)
            }
            if !s.points.isEmpty { series.append(s) }
            if !suspect.points.isEmpty { series.append(suspect) }
        }
        for reference in Schedule.allCases where reference.kind.role == .reference {
            var references = SVGChart.Series(
                name: reference.rawValue, color: reference.kind.chartColor, points: [],
                style: .markers, marker: .square)
            for row in r.baselines where row.schedule == reference {
                guard let p = point(row) else { continue }
                references.points.append(p)
                references.errors.append(bars(row))
                xs.append(p.x)
                ys.append(p.y)
            }
            if !references.points.isEmpty { series.append(references) }
        }

        let front = paretoFront(
            r.ranked.filter { !($0.judgement?.flags.contains(.suspectTiming) ?? false) }.compactMap(point))
        if front.count > 1 {
            // Solid and coloured: the dashed grey lines are the thresholds.
            series.insert(
                SVGChart.Series(
                    name: "Pareto front (dynamic_suffix)", color: "#7048a8", points: front,
                    style: .line, width: 1.6), at: 0)
        }
        let x = ChartAxis.fitting(xs, include: [0, maxV], label: "val-loss increase over full_update (%)", unit: "%")
        let y = ChartAxis.fitting(ys, include: [1, minS], label: "speedup over full_update (×)", unit: "×")
        var chart = SVGChart(title: "Speedup against val-loss increase", x: x, y: y, series: series)
        chart.regions = [
            SVGChart.Region(
                x0: x.lo, x1: maxV, y0: minS, y1: y.hi, fill: "#d9f2dc",
                label: "keep region (≥ \(NumberText.significant(minS))×, ≤ +\(NumberText.significant(maxV))%)")
        ]
        chart.refLines = [
            SVGChart.RefLine(axis: .x, value: maxV, label: "max +\(NumberText.significant(maxV))%"),
            SVGChart.RefLine(axis: .y, value: minS, label: "min \(NumberText.significant(minS))×")
        ]
        return chart.render()
    }

    /// Points no other point beats on both counts (higher speedup, lower increase), by x.
    static func paretoFront(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        let sorted = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y > $1.y }
        var front: [(x: Double, y: Double)] = []
        var best = -Double.infinity
        for p in sorted where p.y > best {
            front.append(p)
            best = p.y
        }
        return front
    }

    // MARK: Traces of the best configuration

    /// Train loss against elapsed training time, one line per schedule.
    package static func trainLoss(_ traces: [Schedule: ScheduleTrace], subtitle: String) -> String? {
        var series: [SVGChart.Series] = []
        var xs: [Double] = []
        var ys: [Double] = []
        for schedule in Schedule.allCases {
            guard let t = traces[schedule], !t.trainLosses.isEmpty else { continue }
            var elapsed = 0.0
            var pts: [(x: Double, y: Double)] = []
            for (i, loss) in t.trainLosses.enumerated() {
                let ms = i < t.stepTimesMs.count && t.stepTimesMs[i].isFinite ? t.stepTimesMs[i] : 0
                elapsed += ms / 1000
                if let loss, loss.isFinite, loss > 0 { pts.append((elapsed, loss)) }
            }
            pts = thin(pts, to: 800)
            xs += pts.map(\.x)
            ys += pts.map(\.y)
            series.append(
                SVGChart.Series(name: schedule.rawValue, color: schedule.kind.chartColor, points: pts, width: 1.4))
        }
        guard !series.isEmpty else { return nil }
        let useLog = (ys.max() ?? 1) / max(ys.min() ?? 1, 1e-300) > 20
        let x = ChartAxis.fitting(xs, include: [0], label: "elapsed training time (s)", fromZero: true)
        let y = ChartAxis.fitting(ys, label: "train loss" + (useLog ? " (log scale)" : ""), log: useLog)
        return SVGChart(title: "Train loss over time — \(subtitle)", x: x, y: y, series: series).render()
    }

    /// Active layers at each step, one step line per schedule.
    package static func activeLayers(_ traces: [Schedule: ScheduleTrace], layers: Int, subtitle: String) -> String? {
        var series: [SVGChart.Series] = []
        var maxStep = 1.0
        // In registry order, so the candidates' lines (the ones that move) sit on top.
        for schedule in Schedule.allCases {
            guard let t = traces[schedule], !t.activeLayersHist.isEmpty else { continue }
            let pts = t.activeLayersHist.enumerated().map { (x: Double($0.offset), y: Double($0.element)) }
            maxStep = max(maxStep, Double(pts.count - 1))
            series.append(
                SVGChart.Series(
                    name: schedule.rawValue, color: schedule.kind.chartColor, points: thinSteps(pts),
                    style: .step, dashed: schedule.kind.role != .candidate,
                    width: schedule.kind.role == .candidate ? 1.4 : 2.2))
        }
        guard !series.isEmpty else { return nil }
        let x = ChartAxis.fitting([0, maxStep], label: "step", fromZero: true)
        var y = ChartAxis.fitting([0, Double(layers)], label: "active layers (of \(layers))")
        y.lo = 0
        y.hi = Double(layers) + max(1, Double(layers) / 10)
        return SVGChart(title: "Active layers over steps — \(subtitle)", x: x, y: y, series: series).render()
    }

    /// At most `limit` points, evenly spaced (a loss curve needs no more on screen).
    static func thin(_ pts: [(x: Double, y: Double)], to limit: Int) -> [(x: Double, y: Double)] {
        guard pts.count > limit else { return pts }
        let stride = Double(pts.count) / Double(limit)
        return (0..<limit).map { pts[Int(Double($0) * stride)] } + [pts[pts.count - 1]]
    }

    /// Keeps only the points where a step line changes level (and the last).
    static func thinSteps(_ pts: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        var out: [(x: Double, y: Double)] = []
        for p in pts where out.last?.y != p.y { out.append(p) }
        if let last = pts.last, out.last?.x != last.x { out.append(last) }
        return out
    }
}
