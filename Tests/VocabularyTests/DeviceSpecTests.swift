import Testing
import Vocabulary

/// One device name read into its typed spec; the sweep file and `--devices` both go through it.
@Suite(.timeLimit(.minutes(10))) struct DeviceSpecTests {
    @Test(arguments: [
        ("cpu", DeviceSpec.cpu(cores: nil)), ("cpu:4", .cpu(cores: 4)), ("cuda", .cuda(index: nil)),
        ("cuda:1", .cuda(index: 1)), (" cuda:0", .cuda(index: 0))
    ])
    func parsesDeviceNames(text: String, expected: DeviceSpec) {
        #expect(DeviceSpec(text) == expected)
    }

    @Test(arguments: ["cpu:0", "cuda:-1", "tpu:0", "cpu:x", "cuda:1:2", ""])
    func rejectsNonDevices(text: String) {
        #expect(DeviceSpec(text) == nil)
    }
}
