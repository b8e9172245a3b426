import Foundation
import SweepKit
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps a job's stdout.log and stderr.log to their first and last MiB. The job writes its logs
/// itself, through the file descriptors it was started with (ProcessLauncher), so that it never
/// waits on the runner and outlives it (adoption after a crash, Slurm tasks): no pump stands
/// between the job and the file that could die or fill up. The cap is therefore applied when
/// an attempt ends: a log over `headBytes + tailBytes` is rewritten as its head, one line that
/// says how many bytes were cut there, and its tail, into a new file renamed over the old one,
/// so a crash midway leaves the whole log, never half of one. While a job runs its log can grow
/// past the cap. A log that cannot be rewritten (a full disk) is left whole.
package enum LogCap {
    package static let headBytes = 1 << 20
    package static let tailBytes = 1 << 20
    /// The marker line starts with this, so readers of a log (its last error line) can skip it.
    package static let markerPrefix = "== blocksweep: cut "

    /// The marker line in the middle of a capped log.
    static func marker(dropped: Int, head: Int, tail: Int) -> String {
        "\(markerPrefix)\(dropped.counted("byte")) (\(NumberText.mebibytes(dropped))) from the middle of this log "
            + "(a job's log keeps its first \(sizeText(head)) and its last \(sizeText(tail)))\n"
    }

    /// "1 MiB", "4 KiB" or "512 bytes".
    static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return bytes.counted("byte")
    }

    /// Cuts the middle out of the log at `path` when it holds more than `head + tail` bytes.
    /// The cut falls on line ends where the head's last or the tail's first half-window holds
    /// one. Returns the bytes cut out (0: the log was within the cap, missing, or could not be
    /// rewritten, and is as it was).
    @discardableResult
    package static func apply(_ path: String, head: Int = headBytes, tail: Int = tailBytes) -> Int {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { return 0 }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { return 0 }
        let size = Int(info.st_size)
        guard size > head + tail, head > 0, tail > 0 else { return 0 }

        guard let headBytes = read(source, offset: 0, count: head),
            let tailBytes = read(source, offset: size - tail, count: tail)
        else { return 0 }
        let newline = UInt8(ascii: "\n")
        // Whole lines where one ends within reach: the head up to its last line end, the tail
        // from after its first one.
        var headEnd = head
        if let last = headBytes.lastIndex(of: newline), last + 1 >= head / 2 { headEnd = last + 1 }
        var tailStart = 0
        if let first = tailBytes.firstIndex(of: newline), first < tail / 2 { tailStart = first + 1 }
        let dropped = (size - tail + tailStart) - headEnd
        guard dropped > 0 else { return 0 }
        var middle = marker(dropped: dropped, head: head, tail: tail)
        if headEnd > 0, headBytes[headEnd - 1] != newline { middle = "\n" + middle }

        let temporary = path + ".capping"
        let target = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(info.st_mode & 0o777))
        guard target >= 0 else { return 0 }
        let written =
            write(target, headBytes[0..<headEnd]) && write(target, Array(middle.utf8)[...])
            && write(target, tailBytes[tailStart...])
        close(target)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return 0
        }
        return dropped
    }

    private static func read(_ fd: Int32, offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    private static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + done, bytes.count - done)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
