import Foundation

/// Writes to standard output and standard error, ignoring failures. blocksweep ignores SIGPIPE,
/// so when the reader goes away (`blocksweep run … | head -1`) a write fails with EPIPE instead
/// of killing the runner; lost output must never stop a sweep or fail a job, and
/// `FileHandle.write(_: Data)` would trap on that error.
package enum ConsoleOutput {
    package static func out(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    package static func err(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}
