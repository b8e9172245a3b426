import Foundation
import SweepKit
import SweepRunner
import Testing
import Vocabulary

@testable import blocksweep

/// `execution.devices` in a sweep file and `--devices` on the command line read one spelling the
/// same way: what one accepts the other accepts as the same devices, what one refuses the other
/// refuses with the same reason.
@Suite(.timeLimit(.minutes(10))) struct DeviceSpellingTests {
    static let accepted: [(String, [DeviceSpec])] = [
        ("cpu", [.cpu(cores: nil)]), ("cpu:4", [.cpu(cores: 4)]), ("cuda", [.cuda(index: nil)]),
        ("cuda:0", [.cuda(index: 0)]), ("gpu", [.cuda(index: nil)]), ("gpu:0", [.cuda(index: 0)]),
        ("gpu:1", [.cuda(index: 1)]), ("cpu:2,cuda:1", [.cpu(cores: 2), .cuda(index: 1)])
    ]
    static let refused = ["tpu:0", "cpu:0", "cuda:-1", "cpu:x", "gpu0", "cuda:1:2", "cpu:2,", "cpu:2,tpu"]

    enum Outcome: Equatable {
        case devices([DeviceSpec])
        case refused(String)
    }

    static let header = "version: 1\nname: d\n"

    /// What the sweep file's reader makes of `devices: TEXT`, or the message of its one error.
    func fromSweepFile(_ text: String) -> Outcome? {
        let yaml = Self.header + "execution:\n  devices: '\(text)'\n"
        do {
            return try SweepSpec.parse(yaml, path: "d.yaml").execution.devices.map { .devices($0) }
        } catch let d as SweepDiagnostics {
            return d.diagnostics.count == 1 ? .refused(d.diagnostics[0].message) : nil
        } catch {
            return nil
        }
    }

    /// What `--devices TEXT` makes of it, the flag's prefix taken off its message.
    func fromFlag(_ text: String) -> Outcome {
        do {
            return .devices(try RunCommand.devicesFlag(text))
        } catch {
            return .refused(String(error.description.dropFirst("--devices: ".count)))
        }
    }

    @Test(arguments: accepted)
    func bothPathsAcceptTheSameDevices(_ text: String, _ expected: [DeviceSpec]) {
        #expect(fromSweepFile(text) == .devices(expected))
        #expect(fromFlag(text) == .devices(expected))
    }

    @Test(arguments: refused)
    func bothPathsRefuseWithTheSameReason(_ text: String) {
        let file = fromSweepFile(text)
        let flag = fromFlag(text)
        guard case .refused(let reason) = flag else {
            Issue.record("--devices accepted '\(text)'")
            return
        }
        #expect(reason.contains("is not a device"))
        #expect(file == .refused(reason))
    }

    @Test func planJSONKeepsDevicesAsTheirNames() throws {
        let settings = ExecutionSettings(devices: [.cpu(cores: 4), .cuda(index: 0), .cuda(index: nil)])
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        #expect(json.contains(#""devices":["cpu:4","cuda:0","cuda"]"#))
        let old = #"{"devices":["cpu:2","cuda:1"],"threads":1,"retries":1,"backend":{"local":{}}}"#
        let decoded = try JSONDecoder().decode(ExecutionSettings.self, from: Data(old.utf8))
        #expect(decoded.devices == [.cpu(cores: 2), .cuda(index: 1)])
    }

    @Test func parsesAList() throws {
        #expect(try RunCommand.devicesFlag("cpu:4,cuda:0,cuda:1") == [.cpu(cores: 4), .cuda(index: 0), .cuda(index: 1)])
        #expect(
            throws: SweepRunError.badInput(
                "--devices: 'gpu0' is not a device; use cpu, cpu:N (N cores), cuda or cuda:N (GPU N)")
        ) {
            try RunCommand.devicesFlag("cpu:2,gpu0")
        }
    }
}
