/// Arguments written as a shell would need them, for lines a user reads or pastes (the job log's
/// header, the resume hint); processes themselves always get argv as it is.
package enum ShellQuote {
    /// The argument as is when the shell would keep it whole, else in single quotes.
    package static func quoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        if plain && !argument.isEmpty { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A whole command line.
    package static func line(_ argv: [String]) -> String {
        argv.map(quoted).joined(separator: " ")
    }
}
