#if canImport(Glibc)
    import Glibc
#endif

/// Why a run could not start or go on. `badInput` is the user's to fix (exit 2); `system` is
/// the machine's (a file that cannot be written, a process that cannot start).
package enum SweepRunError: Error, Equatable, CustomStringConvertible {
    case badInput(String)
    /// Another runner holds the results folder.
    case locked(String)
    case system(String)

    package var description: String {
        switch self {
        case .badInput(let m), .locked(let m), .system(let m): return m
        }
    }

    /// A failed system call: "cannot open x: No such file or directory". Pass `errno` before
    /// any other call can overwrite it.
    static func system(_ what: String, errno code: Int32) -> SweepRunError {
        .system("\(what): \(String(cString: strerror(code)))")
    }
}
