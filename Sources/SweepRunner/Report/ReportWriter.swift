import Foundation
import SweepKit
import Vocabulary

/// Builds reports from files and writes them: report.md, report.json and figures/*.svg.
package enum ReportWriter {
    package enum Format: String, Sendable, CaseIterable { case md, json }

    /// Reads `paths`, aggregates with `rules` (nil: the sweep's own rules, else the defaults).
    package static func build(paths: [String], rules: Rules?) throws -> (report: SweepReport, loaded: LoadedResults) {
        let loaded = try ResultsLoader.load(paths)
        let report = Aggregator.aggregate(loaded.input, rules: rules ?? loaded.rules ?? Rules())
        return (report, loaded)
    }

    /// Writes the figures into `dir`/figures and returns their links relative to `dir`. A
    /// figure that cannot be drawn (no traces in the files) is left out.
    package static func writeFigures(_ report: SweepReport, into dir: String) throws -> [FigureLink] {
        let figuresDir = (dir as NSString).appendingPathComponent("figures")
        do { try FileManager.default.createDirectory(atPath: figuresDir, withIntermediateDirectories: true) } catch {
            throw SweepRunError.system("cannot create \(figuresDir): \(reason(error))")
        }
        var links: [FigureLink] = []
        func write(_ svg: String, _ file: String, _ title: String) throws {
            try writeText(svg, to: (figuresDir as NSString).appendingPathComponent(file))
            links.append(FigureLink(path: "figures/\(file)", title: title))
        }
        if report.ranked.contains(where: { $0.speedup != nil })
            || report.baselines.contains(where: { $0.speedup != nil })
        {
            try write(ReportFigures.scatter(report), ReportFigures.scatterFile, "Speedup against val-loss increase")
        }
        if let sources = FigureSources.pick(report) {
            let traces = loadTraces(sources.files)
            if let svg = ReportFigures.trainLoss(traces, subtitle: sources.subtitle) {
                try write(
                    svg, ReportFigures.trainLossFile, "Train loss over time, per schedule, for the best configuration")
            }
            if let svg = ReportFigures.activeLayers(traces, layers: sources.layers, subtitle: sources.subtitle) {
                try write(svg, ReportFigures.activeLayersFile, "Active layers over steps")
            }
        }
        return links
    }

    /// Writes a file atomically; a failure says which file and why in one line
    /// ("cannot write …/report.md: No space left on device"), not Foundation's error dump.
    static func writeText(_ text: String, to path: String) throws(SweepRunError) {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw .system("cannot write \(path): \(reason(error))")
        }
    }

    /// The system's reason behind a Foundation file error (its POSIX error when it has one).
    package static func reason(_ error: any Error) -> String {
        if let own = error as? SweepRunError { return own.description }
        let ns = error as NSError
        // On Linux the underlying error comes back as a Swift error, not an NSError.
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        }
        return ns.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(ns.code))) : ns.localizedDescription
    }

    /// The traces the figures draw, read in full from the few files they come from.
    static func loadTraces(_ files: [Schedule: String]) -> [Schedule: ScheduleTrace] {
        var cache: [String: BenchReport] = [:]
        var out: [Schedule: ScheduleTrace] = [:]
        for (schedule, path) in files {
            if cache[path] == nil, let data = FileManager.default.contents(atPath: path) {
                cache[path] = try? BenchReport.decode(from: JSONText.nonFiniteAsNull(data))
            }
            if let trace = cache[path]?.traces[schedule] { out[schedule] = trace }
        }
        return out
    }

    /// One line for the terminal: counts, the best kept row, where the report is.
    package static func summaryLine(_ r: SweepReport, writtenTo path: String?) -> String {
        var text = "report: \(r.count(.keep)) keep, \(r.count(.inconclusive)) inconclusive, \(r.count(.reject)) reject"
        if r.onlyOwnRuns, let metrics = r.metrics {
            text = "report: \(metrics.rows.count) configuration\(metrics.rows.count == 1 ? "" : "s") of metrics"
        } else if r.onlyOwnRuns {
            let done = r.plainRuns.filter { $0.state == "done" }.count
            text = "report: \(done) of \(r.plainRuns.count) job\(r.plainRuns.count == 1 ? "" : "s") done"
        }
        if let best = r.best, let s = best.speedup, let v = best.valLossIncrease {
            text += "; best kept \(NumberText.fixed(s.mean, 2))× at \(NumberText.signedPercent(v.mean, 2)) val loss"
        }
        if !r.unfinished.isEmpty {
            text += "; \(r.unfinished.count) job\(r.unfinished.count == 1 ? "" : "s") without a result"
        }
        if let path { text += " → \(path)" }
        return text
    }
}

/// Writes results/<name>/report.md, report.json and figures/*.svg for a results folder; the
/// executor calls it at the end of `blocksweep run`. Returns a one-line summary.
package func writeReport(resultsDir: String, rules: Rules) throws -> String {
    let (report, _) = try ReportWriter.build(paths: [resultsDir], rules: rules)
    let figures = try ReportWriter.writeFigures(report, into: resultsDir)
    let mdPath = (resultsDir as NSString).appendingPathComponent("report.md")
    try ReportWriter.writeText(MarkdownReport.render(report, figures: figures), to: mdPath)
    try ReportWriter.writeText(
        try JSONReport(report).text(), to: (resultsDir as NSString).appendingPathComponent("report.json"))
    return ReportWriter.summaryLine(report, writtenTo: mdPath)
}
