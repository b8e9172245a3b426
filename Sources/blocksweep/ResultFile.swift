import Foundation

/// The `--json-out` target: its folder is made if missing (as the reference does) and checked
/// for writing before training starts; the file is written atomically (temporary file in the
/// same folder, then rename) so a reader never sees half a file.
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
            throw CLIError(message: "--json-out \(path): cannot create folder \(folder)", exitCode: ExitCodes.systemFailure)
        }
        let probe = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).probe-\(getpid())")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else {
            throw CLIError(message: "--json-out \(path): cannot write in \(folder)", exitCode: ExitCodes.systemFailure)
        }
        try? FileManager.default.removeItem(at: probe)
    }

    func write(_ data: Data) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw CLIError(message: "--json-out \(path): cannot rename into place: \(String(cString: strerror(errno)))",
                               exitCode: ExitCodes.systemFailure)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(message: "--json-out \(path): \(error.localizedDescription)", exitCode: ExitCodes.systemFailure)
        }
    }
}
