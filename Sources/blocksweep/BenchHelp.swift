import ArgumentParser
import BlockBench
import Foundation
import SweepRunner
import Vocabulary

/// The flag list under `blocksweep bench --help`, made from the settings table. Lines stay
/// under 80 columns, since the help printer wraps longer ones.
enum BenchHelp {
    static var text: String {
        var lines = ["Reference flags, with the reference's spelling and defaults:"]
        func entry(_ flag: String, _ help: String) {
            let column = 34
            if flag.count + 2 < column && column + help.count <= 78 {
                lines.append("  " + flag.padding(toLength: column - 2, withPad: " ", startingAt: 0) + help)
            } else {
                lines.append("  " + flag)
                lines.append(String(repeating: " ", count: 8) + help)
            }
        }
        let defaults = BenchConfig()
        for p in BenchParameter.all {
            if case .bool = p.binding {
                entry(p.flag, p.help)
            } else {
                entry("\(p.flag) <\(p.value(in: defaults))>", p.help)
            }
        }
        lines.append("Engine flags:")
        for (flag, help) in BenchCommandLine.ownFlags { entry(flag, help) }
        return lines.joined(separator: "\n")
    }
}
