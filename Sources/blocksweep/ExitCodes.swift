/// Every exit status blocksweep uses, in one table: `blocksweep --help` and `run --help` print
/// it, and README.md mirrors it. 1 means only that a sweep ran and some jobs did not succeed, so
/// a script can tell a bad configuration from a broken run.
enum ExitCodes {
    static let success: Int32 = 0
    /// `run`: the sweep ran to the end, and some jobs failed or were skipped.
    static let jobsFailed: Int32 = 1
    /// Bad input or usage: a sweep-file error, a bad flag or value, a path that is not there.
    static let badInput: Int32 = 2
    /// Something could not be written, or another failure of the machine: a results folder, the
    /// journal, `--out`, `--json-out`; for `run`, before the first job starts or stopping the run.
    static let systemFailure: Int32 = 3
    /// `run`: another `blocksweep run` holds the results folder.
    static let folderInUse: Int32 = 4
    /// `run`: stopped by Ctrl-C, SIGTERM or SIGHUP; every finished result is kept.
    static let interrupted: Int32 = 130

    /// The table under --help (lines under 80 columns: the help printer wraps longer ones).
    static let help = """
        Exit codes:
          0    success
          1    run: the sweep ran, and some jobs failed or were skipped
          2    bad input or usage: the sweep file, a flag or value, a missing path
          3    a file or folder cannot be written (results folder, journal, --out,
               --json-out) or another system failure; for run: before the first
               job starts, or it stopped the run
          4    run: the results folder is in use by another blocksweep run
          130  run: interrupted (Ctrl-C, SIGTERM, SIGHUP); run it again to resume
        """
}
