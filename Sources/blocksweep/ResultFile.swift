import Foundation
import SweepRunner
import Vocabulary

/// The `--json-out` target: its folder is made if missing (as the reference does) and checked
/// for writing before training starts; the file is written by AtomicFile (synced, then renamed
/// into place) so neither a reader nor a crash ever leaves half a file.
struct ResultFile {
    let path: String

    init(checkingWritable path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError(message: "--json-out \(path): is a folder, not a file")
        }
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError(
                message: "--json-out \(path): cannot create folder \(folder)", exitCode: ExitCodes.systemFailure)
        }
        let probe = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).probe-\(getpid())")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else {
            throw CLIError(message: "--json-out \(path): cannot write in \(folder)", exitCode: ExitCodes.systemFailure)
        }
        try? FileManager.default.removeItem(at: probe)
    }

    func write(_ data: Data) throws {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw CLIError(message: "--json-out \(path): \(error)", exitCode: ExitCodes.systemFailure)
        }
    }
}
