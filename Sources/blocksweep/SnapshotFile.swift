import BlockBench
import Foundation
import SweepRunner

/// A training-state snapshot on disk (prefix forking): a magic line, the step, the tensor
/// count, each tensor's length and AdamW step count (little-endian Int64), then per tensor its
/// weights, first and second moments as float32. Read back bit for bit.
enum SnapshotFile {
    static let magic = Array("blocksweep-snapshot 1\n".utf8)

    static func encode(_ s: TrainingSnapshot) -> Data {
        var data = Data(magic)
        func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { data.append(contentsOf: $0) } }
        int(s.step)
        int(s.weights.count)
        for k in s.weights.indices {
            int(s.weights[k].count)
            int(s.adamSteps[k])
        }
        for k in s.weights.indices {
            for array in [s.weights[k], s.firstMoments[k], s.secondMoments[k]] {
                array.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// Writes `s` atomically; returns the bytes written.
    static func write(_ s: TrainingSnapshot, to path: String) throws -> Int {
        let data = encode(s)
        try AtomicFile.write(data, to: path)
        return data.count
    }

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws -> TrainingSnapshot {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "cannot read \(path)")
        }
        var offset = magic.count
        guard data.count >= offset, Array(data.prefix(offset)) == magic else {
            throw ReadError(description: "\(path) is not a blocksweep snapshot")
        }
        func int() throws -> Int {
            guard offset + 8 <= data.count else { throw ReadError(description: "\(path) is cut short") }
            var v: Int64 = 0
            withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: data[offset..<offset + 8]) }
            offset += 8
            return Int(Int64(littleEndian: v))
        }
        func floats(_ count: Int) throws -> [Float] {
            let bytes = count * MemoryLayout<Float>.size
            guard count >= 0, offset + bytes <= data.count else { throw ReadError(description: "\(path) is cut short") }
            var array = [Float](repeating: 0, count: count)
            array.withUnsafeMutableBytes { $0.copyBytes(from: data[offset..<offset + bytes]) }
            offset += bytes
            return array
        }
        let step = try int()
        let tensors = try int()
        guard tensors >= 0 && tensors < 1_000_000 else { throw ReadError(description: "\(path) is not a snapshot") }
        var counts: [Int] = []
        var adamSteps: [Int] = []
        for _ in 0..<tensors {
            counts.append(try int())
            adamSteps.append(try int())
        }
        var snapshot = TrainingSnapshot(
            step: step, weights: [], firstMoments: [], secondMoments: [], adamSteps: adamSteps)
        for count in counts {
            snapshot.weights.append(try floats(count))
            snapshot.firstMoments.append(try floats(count))
            snapshot.secondMoments.append(try floats(count))
        }
        guard offset == data.count else { throw ReadError(description: "\(path) has bytes past its end") }
        return snapshot
    }
}
