/// Every exit status blocksweep uses, in one table (here, so the runner's outcome and the command
/// line name the same numbers): `blocksweep --help` and `run --help` print it (ExitCodes+Help),
/// and README.md mirrors it. 1 means only that a sweep ran and some jobs did not succeed, so
/// a script can tell a bad configuration from a broken run.
package enum ExitCodes {
    package static let success: Int32 = 0
    /// `run`: the sweep ran to the end, and some jobs failed or were skipped.
    package static let jobsFailed: Int32 = 1
    /// Bad input or usage: a sweep-file error, a bad flag or value, a path that is not there.
    package static let badInput: Int32 = 2
    /// Something could not be written, or another failure of the machine: a results folder, the
    /// journal, `--out`, `--json-out`; for `run`, before the first job starts or stopping the run.
    package static let systemFailure: Int32 = 3
    /// `run`: another `blocksweep run` holds the results folder.
    package static let folderInUse: Int32 = 4
    /// `run`: stopped by Ctrl-C, SIGTERM or SIGHUP; every finished result is kept.
    package static let interrupted: Int32 = 130
}
