import Testing

@testable import SweepKit

/// Division and remainder by zero in `where`: a constant zero divisor is refused where it is
/// written; a parameter divisor that is 0 at a point the condition evaluates is refused when the
/// sweep is planned (validate plans too), naming the parameter and its value. Never a silent
/// keep (x / 0 is infinity) or drop (0 / 0 is NaN, and every comparison with NaN is false).
@Suite(.timeLimit(.minutes(10)))
struct WhereDivisionTests {
    static let grid = header + "grid:\n  dyn_probe_every: [10, 20]\nwhere:\n"

    @Test(arguments: [
        ("  - dyn_probe_every / 0 > 1\n", "the divisor of '/' is always 0", 23),
        ("  - dyn_probe_every / (2 - 2) > 1\n", "the divisor of '/' is always 0", 23),
        ("  - dyn_probe_every % (1 - 1) == 0\n", "the divisor of '%' is always 0", 23),
        ("  - \"dyn_probe_every / -abs(0) > 1\"\n", "the divisor of '/' is always 0", 24),
        ("  - 0 / 0 == 0 or dyn_probe_every > 1\n", "the divisor of '/' is always 0", 9)
    ])
    func aConstantZeroDivisorIsRefusedAtTheDivisor(condition: String, message: String, column: Int) {
        #expect(
            diagnostics(Self.grid + condition) == [Diagnostic(message, at: SourceLocation(line: 6, column: column))])
    }

    static let advice =
        "keep such points out before this division: an earlier where entry, or a condition before it joined by 'and'"
    static let command = header + "runner: {command: [echo, \"{x}\", \"{y}\"]}\n"

    @Test func aGridValueOfZeroInADivisorIsRefusedNamingIt() {
        let text = Self.command + "grid:\n  x: [2, 0, 1]\n  y: [4]\nwhere:\n  - y / x > 1\n"
        #expect(
            diagnostics(text) == [
                Diagnostic(
                    "the divisor of '/' is 0 where x = 0; \(Self.advice)",
                    at: SourceLocation(line: 8, column: 9))
            ])
    }

    @Test func aBaseValueOfZeroInACompoundDivisorIsRefusedNamingEachParameter() {
        let text = Self.command + "base:\n  x: 3\ngrid:\n  y: [1, 3]\nwhere:\n  - 'x % (y - x) == 1'\n"
        #expect(
            diagnostics(text) == [
                Diagnostic(
                    "the divisor of '%' is 0 where y = 3, x = 3; \(Self.advice)",
                    at: SourceLocation(line: 9, column: 10))
            ])
    }

    /// A condition that keeps the zero out before dividing is fine: `and`/`or` read their right
    /// side only when the left does not decide, and where entries apply in order.
    @Test(arguments: [["x != 0 and 4 / x > 1"], ["x != 0", "4 / x > 1"], ["x == 0 or 4 / x > 1"]])
    func aGuardedDivisionPlans(conditions: [String]) throws {
        let text =
            Self.command + "grid:\n  x: [0, 1, 2, 8]\n  y: [1]\nwhere:\n"
            + conditions.map { "  - '\($0)'\n" }.joined()
        let kept = try plan(text).jobs.map { $0.params["x"]?.description }
        #expect(kept == (conditions.contains { $0.hasPrefix("x == 0") } ? ["0", "1", "2"] : ["1", "2"]))
    }
}
