import CSweepSupport
import Foundation

/// What this machine offers a sweep: the cores this process may run on and the NVIDIA GPUs
/// `nvidia-smi` lists (none when it is not installed).
package struct MachineDevices: Sendable, Equatable {
    package struct GPU: Sendable, Equatable {
        package var index: Int
        package var name: String
        package var memory: String

        package init(index: Int, name: String, memory: String = "") {
            self.index = index
            self.name = name
            self.memory = memory
        }
    }

    package var cores: [Int]
    package var gpus: [GPU]
    /// Whether nvidia-smi was found (so "no GPU" errors can say why).
    package var hasNvidiaSMI: Bool

    package init(cores: [Int], gpus: [GPU] = [], hasNvidiaSMI: Bool = false) {
        self.cores = cores
        self.gpus = gpus
        self.hasNvidiaSMI = hasNvidiaSMI
    }

    /// What the machine shows of its GPUs, for errors about a missing one.
    var gpuListing: String {
        guard hasNvidiaSMI else { return "no NVIDIA GPU found (nvidia-smi is not installed)" }
        if gpus.isEmpty { return "nvidia-smi lists no GPU" }
        return "nvidia-smi lists GPUs " + gpus.map { String($0.index) }.joined(separator: ", ")
    }

    package static func discover() -> MachineDevices {
        let smi = findExecutable("nvidia-smi")
        return MachineDevices(cores: allowedCores(), gpus: smi.map(queryGPUs) ?? [], hasNvidiaSMI: smi != nil)
    }

    /// The cores of this process's affinity mask (a container or taskset may allow fewer than
    /// the machine has).
    package static func allowedCores() -> [Int] {
        var buffer = [Int32](repeating: 0, count: 4096)
        let n = sweep_thread_affinity(&buffer, Int32(buffer.count))
        if n > 0 { return buffer.prefix(Int(n)).map(Int.init) }
        return Array(0..<max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// Pins the calling thread, and the threads and processes it starts afterwards, to `cores`.
    package static func pinCallingThread(to cores: [Int]) throws(SweepRunError) {
        let wanted = cores.map(Int32.init)
        guard sweep_set_thread_affinity(wanted, Int32(wanted.count)) == 0 else {
            throw .system("cannot pin to cores \(Slot.rangeText(cores))", errno: errno)
        }
    }

    /// Has the kernel end this process with SIGKILL when its parent ends.
    package static func dieWithParent() {
        _ = sweep_die_with_parent()
    }

    /// Parses `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader` output.
    package static func parseGPUList(_ text: String) -> [GPU] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2, let index = Int(fields[0]) else { return nil }
            return GPU(index: index, name: fields[1], memory: fields.count > 2 ? fields[2] : "")
        }
    }

    private static func queryGPUs(_ smi: String) -> [GPU] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: smi)
        process.arguments = ["--query-gpu=index,name,memory.total", "--format=csv,noheader"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        // A wedged driver can make nvidia-smi hang; a sweep must not hang with it.
        let deadline = Date().addingTimeInterval(20)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            return []
        }
        guard process.terminationStatus == 0 else { return [] }
        return parseGPUList(String(decoding: data, as: UTF8.self))
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
