/// Why a run could not start or go on. `badInput` is the user's to fix (exit 2); `system` is
/// the machine's (a file that cannot be written, a process that cannot start).
public enum SweepRunError: Error, Equatable, CustomStringConvertible {
    case badInput(String)
    /// Another runner holds the results folder.
    case locked(String)
    case system(String)

    public var description: String {
        switch self {
        case .badInput(let m), .locked(let m), .system(let m): return m
        }
    }
}
