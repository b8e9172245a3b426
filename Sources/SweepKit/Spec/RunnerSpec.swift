/// What one job runs (the sweep file's `runner`).
package enum RunnerSpec: Sendable, Equatable, Codable {
    /// `blocksweep bench`, one schedule per job, on the CPU engine.
    case builtin
    /// The PyTorch runner, tools/blocksweep_torch.py: the same flags and result JSON as `bench`,
    /// on a GPU (or the CPU when there is none).
    case torch
    /// The user's own argv with `{param}`, `{seed}`, `{device}` and `{result}` placeholders
    /// (`{{` and `}}` for literal braces), as written: job ids hash it so.
    case command([String])
}

extension RunnerSpec {
    /// Whether jobs run the benchmark itself (the builtin engine or the torch runner): they take
    /// the bench flags, are calibrated and can read the modelled clock.
    package var runsBenchmark: Bool { self == .builtin || self == .torch }

    /// Placeholders every command may use besides the sweep's own parameters.
    package static let builtinPlaceholders: Set<String> = ["seed", "device", "result"]

    /// One piece of a command argument: text as it is, or a `{name}` placeholder (`offset`: of
    /// its `{`, in Unicode scalars from the argument's start).
    package enum ArgumentPart: Sendable, Equatable {
        case text(String)
        case placeholder(String, offset: Int)
    }

    /// A brace in a command argument that is neither a placeholder's nor doubled.
    package struct BraceError: Error, Sendable, Equatable {
        package var message: String
        package var offset: Int
    }

    /// Splits a command argument into text and placeholders: `{name}` is a placeholder, `{{`
    /// and `}}` are a literal `{` and `}` (as in Python's str.format).
    package static func parts(of argument: String) -> Result<[ArgumentPart], BraceError> {
        let s = Array(argument.unicodeScalars)
        var parts: [ArgumentPart] = []
        var text = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let doubled = i + 1 < s.count && s[i + 1] == s[i]
            switch s[i] {
            case "{" where !doubled:
                guard let close = s[(i + 1)...].firstIndex(of: "}") else {
                    return .failure(
                        BraceError(
                            message: "'{' opens a placeholder that is never closed; write '{{' for a literal '{'",
                            offset: i))
                }
                guard close > i + 1 else {
                    return .failure(
                        BraceError(message: "'{}' names no parameter; write '{{}}' for a literal '{}'", offset: i))
                }
                if !text.isEmpty { parts.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                parts.append(.placeholder(String(String.UnicodeScalarView(s[(i + 1)..<close])), offset: i))
                i = close + 1
            case "}" where !doubled:
                return .failure(
                    BraceError(
                        message: "a lone '}' in a command argument; write '}}' for a literal '}'", offset: i))
            case "{", "}":
                text.append(s[i])
                i += 2
            default:
                text.append(s[i])
                i += 1
            }
        }
        if !text.isEmpty { parts.append(.text(String(text))) }
        return .success(parts)
    }

    /// The names of the placeholders in one command argument (none in one with a stray brace,
    /// which validation refuses).
    package static func placeholders(in argument: String) -> [String] {
        guard case .success(let parts) = parts(of: argument) else { return [] }
        return parts.compactMap { if case .placeholder(let name, _) = $0 { name } else { nil } }
    }
}
