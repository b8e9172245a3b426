import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// results/<name>/run.lock, held with flock for as long as a runner works on the folder. The
/// kernel drops the lock when the runner dies in any way, so a crash never leaves it stale.
package final class RunLock {
    private let fd: Int32
    /// When this runner took the lock (Journal.timestamp): its session in the journal.
    package let started: String

    /// Takes the lock, or throws `.locked` naming the runner that holds it.
    package init(folder: String) throws(SweepRunError) {
        let path = folder + "/run.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("cannot open \(path)", errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = RunLock.describeHolder(path)
            close(fd)
            throw .locked(
                "\(folder) is in use by another blocksweep run\(holder); wait for it to finish or stop it "
                    + "(Ctrl-C) before running again. `blocksweep status \(folder)` shows its progress.")
        }
        self.fd = fd
        started = Journal.timestamp()
        let text = "pid \(getpid())\nstarted \(started)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Whether some runner holds the folder's lock now.
    package static func isHeld(folder: String) -> Bool {
        let fd = open(folder + "/run.lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    /// When the runner holding (or last holding) the folder's lock started, from run.lock.
    package static func started(folder: String) -> String? {
        guard let text = try? String(contentsOfFile: folder + "/run.lock", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("started ") }.map { String($0.dropFirst(8)) }
    }

    private static func describeHolder(_ path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        let fields = text.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1) }
        let pid = fields.first { $0.first == "pid" }?.last
        let started = fields.first { $0.first == "started" }?.last
        guard let pid else { return "" }
        return " (pid \(pid)" + (started.map { ", started \($0)" } ?? "") + ")"
    }
}
