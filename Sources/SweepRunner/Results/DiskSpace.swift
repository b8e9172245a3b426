import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Free space where the results go. A full disk fails every job that writes anything, so the
/// runner stops (exit 3) instead of burning the sweep's jobs and retries on it.
enum DiskSpace {
    /// Bytes this process may still write on the file system holding `path` (root may use the
    /// blocks reserved for it); nil when it cannot be asked.
    static func available(at path: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        let blocks = geteuid() == 0 ? info.f_bfree : info.f_bavail
        return UInt64(blocks) * UInt64(info.f_frsize)
    }

    /// A job's last error line that reports a write on a full disk (or over a quota), in the
    /// C library's words, which Swift, Python and the shell all print.
    static func saysFull(_ line: String?) -> Bool {
        guard let line else { return false }
        return [ENOSPC, EDQUOT].contains { line.contains(String(cString: strerror($0))) }
    }

    /// Below this many free bytes the results disk counts as the one a job found full.
    static let lowBytes: UInt64 = 1 << 30

    /// Whether a job that failed saying so met a full results disk: a job that met one deletes
    /// its partial file, so by the time it ends the disk may have room again and only its words
    /// tell. They count when they name the results folder (the engine's and the torch runner's
    /// snapshot and result writes do), or when that disk is low anyway; a full /tmp or
    /// /dev/shm elsewhere is the job's own failure.
    static func jobMetFullResultsDisk(errorLine: String?, folder: String, freeBytes: UInt64?) -> Bool {
        guard let errorLine, saysFull(errorLine) else { return false }
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        return errorLine.contains(folder) || errorLine.contains(absolute) || (freeBytes.map { $0 < lowBytes } ?? false)
    }

    static func fullError(_ folder: String) -> SweepRunError {
        .system(
            "no space left on the disk that holds \(folder): free some space, then run the same command "
                + "again (every finished result is kept; the job that met the full disk runs again)")
    }
}
