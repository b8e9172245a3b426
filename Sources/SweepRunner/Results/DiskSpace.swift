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
    /// C library's words, which Swift, Python and the shell all print. A job that met a full
    /// disk deletes its partial file, so by the time it ends the disk may have room again and
    /// only its words tell.
    static func saysFull(_ line: String?) -> Bool {
        guard let line else { return false }
        return [ENOSPC, EDQUOT].contains { line.contains(String(cString: strerror($0))) }
    }

    static func fullError(_ folder: String) -> SweepRunError {
        .system(
            "no space left on the disk that holds \(folder): free some space, then run the same command "
                + "again (every finished result is kept; the job that met the full disk runs again)")
    }
}
