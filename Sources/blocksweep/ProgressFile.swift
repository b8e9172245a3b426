import Foundation
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// The job's progress file (docs/benchmark.md, "Progress file"): one JSON line per step,
/// appended as the step ends. Each line is one write(2) to a file opened with O_APPEND, so a
/// reader sees whole lines or a line still being written, never two mixed. A write that fails
/// (a full disk) stops the appending, never the run: the file is a view of it, not its result.
final class ProgressFile {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { if fd >= 0 { close(fd) } }

    /// The file at `path`, emptied (a new attempt starts a new file); nil when no path is given.
    static func open(_ path: String?) throws -> ProgressFile? {
        guard let path, !path.isEmpty else { return nil }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CLIError(
                message: "--progress-out \(path): cannot write (\(String(cString: strerror(errno))))",
                exitCode: ExitCodes.systemFailure)
        }
        return ProgressFile(fd: fd)
    }

    func append(_ record: StepRecord) {
        guard fd >= 0 else { return }
        let line = Array(record.line.utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != line.count {
            close(fd)
            fd = -1
        }
    }
}
