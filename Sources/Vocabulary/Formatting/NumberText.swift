import Foundation

/// The one place numbers become text: the console summary, the plan table, the report, the
/// status line and the messages all spell a number through here, so they never disagree.
package enum NumberText {
    /// `digits` decimals ("%.2f"). `nonFinite` stands in for NaN and the infinities where given;
    /// without it they read as printf writes them ("nan", "inf").
    package static func fixed(_ v: Double, _ digits: Int, nonFinite: String? = nil) -> String {
        if let nonFinite, !v.isFinite { return nonFinite }
        return String(format: "%.\(max(0, digits))f", v)
    }

    /// `digits` significant digits ("%.3g"); 6 is printf's `%g`.
    package static func significant(_ v: Double, _ digits: Int = 6) -> String {
        String(format: "%.\(digits)g", v)
    }

    /// Shortest decimal text that reads back as the same Double ("0.0003", "1e-08" stays "1e-08").
    package static func shortest(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(format: "%.1f", v) }
        return "\(v)"
    }

    /// A speedup: `digits` decimals and "×", or two significant digits below 0.01 so a tiny
    /// positive ratio (the low end of a wide log-scale interval) never reads "0.00×".
    package static func times(_ v: Double, _ digits: Int) -> String {
        if v > 0 && v < 0.01 { return significant(v, 2) + "×" }
        return v.isFinite ? fixed(v, digits) + "×" : "n/a"
    }

    /// A fraction as a signed percentage: 0.0123 → "+1.23%".
    package static func signedPercent(_ v: Double, _ digits: Int) -> String {
        v.isFinite ? String(format: "%+.\(digits)f%%", v * 100) : "n/a"
    }

    /// A wall time for the report and the status line: "42s", "3m05s", "2h01m".
    package static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }

    /// A wall time in the plan table, spaced for the column: "42s", "3m 5s", "2h 1m".
    package static func spacedDuration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(total % 60)s" }
        return "\(total / 3600)h \((total % 3600) / 60)m"
    }

    /// Bytes in GiB with one decimal: "1.5 GiB".
    /// Bytes in MiB with one decimal: "12.5 MiB".
    package static func mebibytes(_ bytes: Int) -> String {
        fixed(Double(bytes) / 1_048_576, 1) + " MiB"
    }

    package static func gibibytes(_ bytes: Int) -> String {
        fixed(Double(bytes) / Double(1 << 30), 1) + " GiB"
    }
}
