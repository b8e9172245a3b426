import BlocksweepTestSupport
import Foundation
import Testing

/// The report pairs a run only with a full_update baseline of the same kind of machine: a GPU
/// run of the torch runner is never compared with a CPU baseline, nor a torch CPU run with the
/// Swift engine's (docs/report.md, "Pairing").
@Suite(.timeLimit(.minutes(10)))
struct DevicePairingTests {
    static let engineCPU =
        #"{"cuda_available": false, "engine": "blocksweep CPU engine (Swift, OpenBLAS)", "blas_threads": 1, "cpu_model": "Xeon"}"#
    static let torchGPU =
        #"{"cuda_available": true, "cuda_device_name": "NVIDIA H100", "torch_version": "2.5.1", "engine": "blocksweep torch runner (PyTorch 2.5.1)"}"#
    static let torchCPU =
        #"{"cuda_available": false, "torch_version": "2.5.1", "engine": "blocksweep torch runner (PyTorch 2.5.1)", "blas_threads": 1, "cpu_model": "Xeon"}"#

    static func result(_ schedule: String, device: String, system: String, ms: Double, val: Double) -> String {
        """
        {"script": "x", "config": {"device_arg": "auto", "resolved_device": "\(device)", "dtype": "bfloat16", "seed": 1,
          "steps": 100, "dmodel": 64, "n_layers": 8},
         "system": \(system),
         "results": [{"schedule": "\(schedule)", "steps_executed": 100, "elapsed_ms": \(ms * 100), "final_val_loss": \(val),
           "train_loss_start": 1.0, "train_loss_end": \(val), "mean_step_ms": \(ms), "p50_step_ms": \(ms), "p90_step_ms": \(ms),
           "active_layers_mean": 4.0, "active_layers_min": 4, "active_layers_max": 8, "probe_step_count": 5,
           "notes": "n"}]}
        """
    }

    /// The dynamic row's reason, with the baseline and the dynamic run written as given.
    func reason(baseline: (device: String, system: String), dynamic: (device: String, system: String)) throws -> String
    {
        let root = try BlocksweepBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.result("full_update", device: baseline.device, system: baseline.system, ms: 10, val: 0.1)
            .write(to: root.appendingPathComponent("full.json"), atomically: true, encoding: .utf8)
        try Self.result("dynamic_suffix", device: dynamic.device, system: dynamic.system, ms: 5, val: 0.1)
            .write(to: root.appendingPathComponent("dyn.json"), atomically: true, encoding: .utf8)
        let out = try BlocksweepBinary.run(["report", root.path, "--format", "json"], in: root)
        #expect(out.status == 0, "\(out.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let row = try #require((object["rows"] as? [[String: Any]])?.first)
        return ((row["reasons"] as? [String]) ?? []).joined(separator: "; ")
    }

    @Test func aGPURunNeverPairsWithACPUBaseline() throws {
        let unpaired = "no full_update result of the same seed, device and settings"
        #expect(try reason(baseline: ("cpu", Self.engineCPU), dynamic: ("cuda", Self.torchGPU)).contains(unpaired))
        #expect(try reason(baseline: ("cpu", Self.torchCPU), dynamic: ("cuda", Self.torchGPU)).contains(unpaired))
        #expect(try reason(baseline: ("cpu", Self.engineCPU), dynamic: ("cpu", Self.torchCPU)).contains(unpaired))
        // The same machine and engine pair: the check above is not failing for another reason.
        #expect(try !reason(baseline: ("cuda", Self.torchGPU), dynamic: ("cuda", Self.torchGPU)).contains(unpaired))
        #expect(try !reason(baseline: ("cpu", Self.torchCPU), dynamic: ("cpu", Self.torchCPU)).contains(unpaired))
    }
}
