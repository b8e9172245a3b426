import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes that a crash can never leave half done: data goes to a temporary file in the same
/// folder, is synced, then renamed over the target, and the folder is synced.
package enum AtomicFile {
    package static func write(_ data: Data, to path: String) throws(SweepRunError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("cannot write \(temporary)", errno: errno) }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        // errno is taken at once: close and unlink below may overwrite it. A short write sets
        // none; on a regular file it means the disk is full.
        var failure = written == data.count ? 0 : (written < 0 ? errno : ENOSPC)
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        guard failure == 0 else {
            unlink(temporary)
            throw .system("cannot write \(temporary)", errno: failure)
        }
        try commit(temporary, to: path)
    }

    /// Renames a finished file into place durably (the file's data is synced first).
    package static func commit(_ source: String, to path: String) throws(SweepRunError) {
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
        guard rename(source, path) == 0 else {
            throw .system("cannot rename \(source) to \(path)", errno: errno)
        }
        syncFolder(of: path)
    }

    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
