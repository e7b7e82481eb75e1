import ArgumentParser

/// swift-argument-parser removes each parsed token from an array, so a command line of n tokens takes
/// O(n^2) (3,000 `--bus` options: 84 s; 2,000 file names: 6.5 s before any file was read). Long
/// repeated lists are therefore taken out before parsing (all but the first occurrence, so the parser
/// still sees the option and validates its form) and put back into the parsed command.
enum RepeatedArguments {
    /// Below this many repeats the parser is fast enough and sees the command line as typed.
    static let threshold = 64

    /// Options of `decode` and `check` that take a value: the token after them is not a file name.
    /// RepeatedArgumentsTests compares this with the commands' own help.
    static let valueOptions: [String: Set<String>] = [
        "decode": ["--format", "--speed", "--write-raw", "--symbol", "--cc"],
        "check": ["--format", "--speed", "--host", "--rates", "--fail-on", "--symbol", "--cc"],
    ]

    struct Moved {
        var files: [String] = []
        var bus: [String] = []
        var isEmpty: Bool { files.isEmpty && bus.isEmpty }
    }

    /// The arguments to parse, and the repeats taken out of them.
    static func split(_ args: [String]) -> ([String], Moved) {
        var moved = Moved()
        guard let sub = args.first else { return (args, moved) }
        var kept = [sub]
        if sub == "bandwidth" {
            var seen = 0
            let count = args.filter { $0 == "--bus" || $0.hasPrefix("--bus=") }.count
            guard count > threshold else { return (args, moved) }
            var i = 1
            while i < args.count {
                let a = args[i]
                if a == "--bus", i + 1 < args.count {
                    seen += 1
                    if seen == 1 { kept += [a, args[i + 1]] } else { moved.bus.append(args[i + 1]) }
                    i += 2
                    continue
                }
                if a.hasPrefix("--bus=") {
                    seen += 1
                    if seen == 1 { kept.append(a) } else { moved.bus.append(String(a.dropFirst(6))) }
                    i += 1
                    continue
                }
                kept.append(a)
                i += 1
            }
            return (kept, moved)
        }
        guard let takesValue = valueOptions[sub], args.count > threshold else { return (args, moved) }
        var i = 1
        var positional = 0
        var onlyFiles = false
        var files: [String] = []
        while i < args.count {
            let a = args[i]
            if !onlyFiles && a == "--" { onlyFiles = true; kept.append(a); i += 1; continue }
            if !onlyFiles && a.hasPrefix("-") && a != "-" {
                kept.append(a)
                if takesValue.contains(a), i + 1 < args.count { kept.append(args[i + 1]); i += 1 }
                i += 1
                continue
            }
            positional += 1
            if positional == 1 { kept.append(a) } else { files.append(a) }
            i += 1
        }
        guard files.count > threshold else { return (args, Moved()) }
        moved.files = files
        return (kept, moved)
    }

    /// Puts the repeats back into the parsed command and validates it again with all of them.
    static func restore(_ moved: Moved, into command: ParsableCommand) throws -> ParsableCommand {
        if var c = command as? BandwidthCommand, !moved.bus.isEmpty {
            c.bus += try moved.bus.map(BusEndpointArgument.init(parsing:))
            try c.validate()
            return c
        }
        if var c = command as? DecodeCommand, !moved.files.isEmpty {
            c.input.files += moved.files
            try c.validate()
            return c
        }
        if var c = command as? CheckCommand, !moved.files.isEmpty {
            c.input.files += moved.files
            try c.validate()
            return c
        }
        return command
    }
}
