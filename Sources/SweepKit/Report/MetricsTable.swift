import Vocabulary

/// The flat metrics of a command's result files, one row per configuration (the job's own
/// parameters, the seed aside): each metric's mean and 95% Student t interval over its runs.
package struct MetricsTable: Sendable {
    package struct Row: Sendable {
        /// The job's parameters; empty for a loose file (its source names the row).
        package var params: [String: ParameterValue]
        package var seeds: [Int]
        package var sources: [String]
        /// Over each metric's finite values.
        package var estimates: [String: Estimate]
        /// Runs whose value of a metric was not finite (null, NaN, Infinity) or absent.
        package var missing: [String: Int]
        /// Of `missing`, the runs whose value was there but not finite (a diverged metric).
        package var nonFinite: [String: Int]
        package var runs: Int { sources.count }
    }

    /// The most metrics a report shows: a command that writes thousands of them would make a
    /// report no one can read (300,000 made a 28 MB report.md). The result files keep them all.
    package static let maxMetrics = 100
    /// The most metric names a note lists.
    static let maxNamesInNote = 20

    /// Column order: the sort metric first, then the rest by name; at most `maxMetrics`.
    package var metrics: [String]
    /// Metrics the runs reported that are not shown: those after the first `maxMetrics`.
    package var notShown = 0
    package var rows: [Row]
    /// Parameters whose value differs between rows (the configuration column).
    package var varying: [String]
    package var settings: ReportSettings?
    /// Said in the report instead of failing: the sort metric no run reported.
    package var note: String?

    package init?(_ runs: [MetricsRun], settings: ReportSettings?) {
        guard !runs.isEmpty else { return nil }
        var order: [String] = []
        var groups: [String: [MetricsRun]] = [:]
        for run in runs {
            // Equal parameters (seed aside) are one configuration; a loose file stands alone.
            let key =
                run.params.map { p in
                    p.filter { $0.key != "seed" }.sorted { $0.key < $1.key }
                        .map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
                } ?? "file:" + run.source
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        let allNames = Set(runs.flatMap(\.values.keys))
        var columns = allNames.sorted()
        if let by = settings?.sortBy, allNames.contains(by) { columns = [by] + columns.filter { $0 != by } }
        notShown = max(columns.count - Self.maxMetrics, 0)
        let names = columns.prefix(Self.maxMetrics)
        rows = order.map { key in
            let members = groups[key]!
            var estimates: [String: Estimate] = [:]
            var missing: [String: Int] = [:]
            var nonFinite: [String: Int] = [:]
            for name in names {
                let present = members.compactMap { $0.values[name] }
                let finite = present.filter(\.isFinite)
                if let e = Estimate(finite) { estimates[name] = e }
                if finite.count < members.count { missing[name] = members.count - finite.count }
                if finite.count < present.count { nonFinite[name] = present.count - finite.count }
            }
            return Row(
                params: (members[0].params ?? [:]).filter { $0.key != "seed" },
                seeds: Array(Set(members.compactMap(\.seed))).sorted(), sources: members.map(\.source),
                estimates: estimates, missing: missing, nonFinite: nonFinite)
        }
        self.settings = settings
        if let by = settings?.sortBy {
            if allNames.contains(by) {
                let descending = settings?.order == .descending
                // Stable: rows without the metric keep their order after the rest.
                rows = rows.enumerated().sorted { a, b in
                    switch (a.element.estimates[by]?.mean, b.element.estimates[by]?.mean) {
                    case (let x?, let y?) where x != y: return descending ? x > y : x < y
                    case (.some, nil): return true
                    case (nil, .some): return false
                    default: return a.offset < b.offset
                    }
                }.map(\.element)
            } else {
                let listed = columns.prefix(Self.maxNamesInNote).joined(separator: ", ")
                let more = columns.count > Self.maxNamesInNote ? " and \(columns.count - Self.maxNamesInNote) more" : ""
                note =
                    "report.sort_by: no run reported a metric '\(by)' (they report: "
                    + listed + more + "); rows are in the order the jobs were planned"
            }
        }
        metrics = Array(names)
        let allParams = Set(rows.flatMap(\.params.keys)).sorted()
        let rowsSnapshot = rows
        varying = allParams.filter { name in Set(rowsSnapshot.map { $0.params[name] }).count > 1 }
    }
}
