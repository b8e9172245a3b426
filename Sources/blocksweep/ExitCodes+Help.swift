import Vocabulary

extension ExitCodes {
    /// The table under --help (lines under 80 columns: the help printer wraps longer ones).
    static let help = """
        Exit codes:
          0    success
          1    run: the sweep ran, and some jobs failed or were skipped
          2    bad input or usage: the sweep file, a flag or value, a missing path;
               run: backend slurm where sbatch is not on PATH
          3    a file or folder cannot be written (results folder, journal, --out,
               --json-out) or another system failure; for run: before the first
               job starts, or it stopped the run
          4    run: the results folder is in use by another blocksweep run
          130  run: interrupted (Ctrl-C, SIGTERM, SIGHUP); run it again to resume
        """
}
