import Foundation
import Vocabulary
import Yams

/// A sweep file's YAML as plain values with the position of every node, so that each later
/// check can point at the exact key or value it rejects.
indirect enum YAMLNode: Sendable {
    case scalar(Scalar, SourceLocation)
    case mapping([Entry], SourceLocation)
    case sequence([YAMLNode], SourceLocation)

    struct Entry: Sendable {
        var key: String
        var keyLocation: SourceLocation
        var value: YAMLNode
    }

    /// A scalar typed by the YAML 1.2 core schema (so `no` and `on` stay strings, not booleans).
    enum Scalar: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
    }

    var location: SourceLocation {
        switch self {
        case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l): return l
        }
    }

    /// "a mapping", "a list", "the number 3", … for "expected X, got Y" messages.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s, _):
            switch s {
            case .null: return "nothing (null)"
            case .bool(let b): return "the boolean \(b)"
            case .int(let i): return "the integer \(i)"
            case .double(let d): return "the number \(NumberText.shortest(d))"
            case .string(let s): return "the text '\(s)'"
            }
        }
    }
}

/// Turns sweep-file text into `YAMLNode`s, or diagnostics for syntax errors and alias bombs.
enum YAMLReader {
    /// Aliases a sweep file may use; enough for sharing a few lists, too few for an
    /// exponential "billion laughs" document.
    static let maxAliases = 100
    /// Nodes aliases may add to the document. Literal text adds at most one node per two bytes
    /// (a value and its separator), which the budget allows besides: a long list written out is
    /// limited by what the plan can hold, not here.
    static let maxNodes = 100_000

    static func read(_ text: String) -> Result<YAMLNode?, DiagnosticSink> {
        var sink = DiagnosticSink()
        // Check aliases before Yams composes the document: it hashes mapping keys, and a key
        // that is an alias of a huge node would take exponential time.
        for problem in AliasScanner.problems(in: text, maxAliases: maxAliases) {
            sink.error(problem.message, at: problem.location)
        }
        if !sink.isEmpty { return .failure(sink) }

        let root: Node?
        do {
            root = try Yams.compose(yaml: text, Resolver.basic, Constructor.default)
        } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
            // Yams marks the first of the two; the repeat is the one to point at.
            let first = location(context.mark)
            for key in keys {
                let repeated = repeatedKeyLocation(key, after: first, in: text)
                sink.error(
                    "duplicate key '\(key)' in one mapping"
                        + (repeated == nil ? "" : " (first at line \(first.line))"), at: repeated ?? first)
            }
            return .failure(sink)
        } catch let error as YamlError {
            sink.error(syntaxMessage(error), at: syntaxLocation(error))
            return .failure(sink)
        } catch {
            sink.error("cannot read the file as YAML: \(error)", at: .start)
            return .failure(sink)
        }
        guard let root else { return .success(nil) }
        var budget = maxNodes + text.utf8.count / 2
        if let node = convert(root, budget: &budget, sink: &sink), sink.isEmpty {
            return .success(node)
        }
        return .failure(sink)
    }

    private static func location(_ mark: Mark?) -> SourceLocation {
        mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? .start
    }

    private static func convert(_ node: Node, budget: inout Int, sink: inout DiagnosticSink) -> YAMLNode? {
        budget -= 1
        if budget < 0 {
            if budget == -1 {
                sink.error(
                    "aliases expand the document by more than \(maxNodes) values (an alias bomb?)",
                    at: location(node.mark))
            }
            return nil
        }
        switch node {
        case .scalar(let s):
            return .scalar(typed(s), location(s.mark))
        case .alias(let a):
            sink.error("unresolved alias '\(a.anchor.rawValue)'", at: location(a.mark))
            return nil
        case .sequence(let seq):
            var items: [YAMLNode] = []
            for child in seq {
                guard let c = convert(child, budget: &budget, sink: &sink) else { return nil }
                items.append(c)
            }
            return .sequence(items, location(seq.mark))
        case .mapping(let map):
            // A plain `<<` key merges the entries of its mapping(s) in its place (YAML 1.1).
            var entries: [(entry: YAMLNode.Entry, merged: Bool)] = []
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    sink.error(
                        "a key must be plain text, not \(k.sequence != nil ? "a list" : "a mapping")",
                        at: location(k.mark))
                    return nil
                }
                guard let value = convert(v, budget: &budget, sink: &sink) else { return nil }
                if ks.string == "<<" && ks.style == .plain {
                    guard let merged = mergedEntries(value, sink: &sink) else { return nil }
                    entries += merged.map { ($0, true) }
                } else {
                    entries.append((.init(key: ks.string, keyLocation: location(ks.mark), value: value), false))
                }
            }
            // A key written in the mapping wins over a merged one; among merged ones, the first.
            let written = Set(entries.filter { !$0.merged }.map(\.entry.key))
            var taken: Set<String> = []
            let kept = entries.filter {
                !$0.merged || (!written.contains($0.entry.key) && taken.insert($0.entry.key).inserted)
            }
            return .mapping(kept.map(\.entry), location(map.mark))
        }
    }

    /// The entries a merge key brings: those of its mapping, or of each mapping of its list in
    /// order. Each keeps the place it is written (for an alias, where its anchor is).
    private static func mergedEntries(_ node: YAMLNode, sink: inout DiagnosticSink) -> [YAMLNode.Entry]? {
        let mappings: [YAMLNode] = if case .sequence(let items, _) = node { items } else { [node] }
        var entries: [YAMLNode.Entry] = []
        for m in mappings {
            guard case .mapping(let e, _) = m else {
                sink.error(
                    "a merge key '<<' takes a mapping or a list of mappings (<<: *defaults), got \(m.kindDescription)",
                    at: m.location)
                return nil
            }
            entries += e
        }
        return entries
    }

    private static func typed(_ s: Node.Scalar) -> YAMLNode.Scalar {
        guard s.style == .plain else { return .string(s.string) }
        let t = s.string
        switch t {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if let i = Int(t) { return .int(i) }
        if t.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true,
            t.contains(where: \.isNumber), let d = Double(t)
        {
            return .double(d)
        }
        return .string(t)
    }

    /// Where `key` appears again at the same indentation as its first occurrence, in block style.
    static func repeatedKeyLocation(_ key: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = String(repeating: " ", count: max(first.column - 1, 0))
        guard first.line >= 1 else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            guard line.hasPrefix(indent) else { continue }
            let rest = line.dropFirst(indent.count)
            guard rest.hasPrefix(key) else { continue }
            let after = rest.dropFirst(key.count).drop { $0 == " " }
            if after.hasPrefix(":") { return SourceLocation(line: index + 1, column: first.column) }
        }
        return nil
    }

    private static func syntaxLocation(_ e: YamlError) -> SourceLocation {
        switch e {
        case .scanner(_, _, let m, _), .parser(_, _, let m, _), .composer(_, _, let m, _):
            return location(m)
        default:
            return .start
        }
    }

    private static func syntaxMessage(_ e: YamlError) -> String {
        switch e {
        case .scanner(let c, let p, _, _), .parser(let c, let p, _, _), .composer(let c, let p, _, _):
            let context = c.map { $0.text.isEmpty ? "" : "\($0.text), " } ?? ""
            return "YAML syntax: \(context)\(p)"
        case .reader(let p, _, _, _):
            return "cannot read the file: \(p)"
        default:
            return "YAML syntax: \(e)"
        }
    }
}
