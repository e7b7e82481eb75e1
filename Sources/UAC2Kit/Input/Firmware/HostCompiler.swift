import Foundation

/// Firmware C/C++ source read through the host compiler (`uac2 check usb_descriptors.c --cc 'cc
/// -Iinclude -DCFG_TUSB_MCU=...'`): the file is compiled to a temporary object and its descriptors
/// are read from the object's data like any ELF file. Macros, `sizeof`, struct initializers and
/// `#if` are then the compiler's business, not a re-implementation of C in uac2.
public enum HostCompiler {
    /// Compiles `path` with `command` (split by /bin/sh, so quotes and $VARS work) and reads it.
    /// On a failed compile, `compilerLines` holds the compiler's first lines, to be shown as they are.
    public static func read(path: String, name: String, command: String, symbols: [String]) -> (input: DecodedInput, compilerLines: [String]) {
        var lines: [String] = []
        let r = read(path: path, name: name, command: command, symbols: symbols, compilerLines: &lines)
        return (r, lines)
    }

    static func read(path: String, name: String, command: String, symbols: [String], compilerLines: inout [String]) -> DecodedInput {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("uac2-cc-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? fm.removeItem(at: dir) }
        do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            return failed(name, "cannot make a temporary folder for the object: \(error.localizedDescription)", line: 1)
        }
        let object = dir.appendingPathComponent("descriptors.o").path
        // A header is compiled as C, not into a precompiled header; -O0 keeps unused static arrays,
        // -fno-lto keeps data in the object instead of compiler IR.
        let ext = (path as NSString).pathExtension.lowercased()
        let language = ["h": "-x c ", "hpp": "-x c++ ", "hh": "-x c++ ", "hxx": "-x c++ "][ext] ?? ""
        let script = "\(command) -O0 -fno-lto -c \(language)\(quote(path)) -o \(quote(object))"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        let errPipe = Pipe()
        p.standardError = errPipe
        p.standardOutput = errPipe
        do { try p.run() } catch {
            return failed(name, "cannot run /bin/sh for --cc: \(error.localizedDescription)", line: 1)
        }
        let out = errPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: out, as: UTF8.self)
        guard p.terminationStatus == 0, let obj = fm.contents(atPath: object) else {
            let all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            compilerLines = Array(all.prefix(12))
            if all.count > 12 { compilerLines.append("(\(all.count - 12) more lines)") }
            return compileFailed(name, path: path, command: command, status: p.terminationStatus, output: text)
        }
        let lines = definitionLines(path: path)
        var r = FirmwareReader.read([UInt8](obj), name: name, format: .elf, symbols: symbols, symbolLines: lines)
        r.diagnostics.insert(Diagnostic(.note, "compiled with: \(command) -O0 -fno-lto -c \(language)\(path)"), at: 0)
        return r
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static func failed(_ name: String, _ message: String, line: Int) -> DecodedInput {
        DecodedInput(name: name, format: .elf, devices: [], diagnostics: [Diagnostic(.error, message, at: SourceLocation(line: line))])
    }

    /// The compiler's first lines, where the first error is, and what usually fixes it.
    static func compileFailed(_ name: String, path: String, command: String, status: Int32, output: String) -> DecodedInput {
        let all = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstError = all.first { $0.contains("error") } ?? all.first ?? ""
        // "file.c:12:5: error: ..." — the first error in the file we were given.
        let base = (path as NSString).lastPathComponent
        var line = 1
        for l in all where l.contains(": error") || l.contains(": fatal error") {
            let parts = l.split(separator: ":")
            if parts.count > 2, parts[0].hasSuffix(base), let n = Int(parts[1]) { line = n; break }
        }
        var hint: String
        if status == 127 || output.contains("not found") && !output.contains(".h") {
            hint = "the compiler command was not found: give the compiler's name or path first, e.g. --cc 'cc -Iinclude'"
        } else if let missing = all.first(where: { $0.contains("No such file or directory") || $0.contains("file not found") }) {
            let header = missing.components(separatedBy: ": ").dropLast().last ?? "a header"
            hint = "\(header) is not on the include path: add -I with the folder that holds it (stacks need their own include folders and the port's, e.g. -Isrc -Ihw -Iexamples/.../src)"
        } else if output.contains("#error") {
            hint = "the source stopped itself with #error: a configuration macro is missing; add the -D it asks for (stacks need their MCU or port define, e.g. -DCFG_TUSB_MCU=OPT_MCU_NONE)"
        } else if output.contains("undeclared") || output.contains("unknown type name") || output.contains("implicit declaration") {
            hint = "a macro or type is not defined: a header is missing from -I or a configuration -D is not given"
        } else {
            hint = "fix the compile first: uac2 needs the object the compiler makes; try the command by hand"
        }
        return failed(name, "--cc failed (exit \(status)): \(firstError.trimmingCharacters(in: .whitespaces)) — hint: \(hint)", line: line)
    }

    /// Line of each top-level definition `NAME[` / `NAME =` in the source, so that descriptors read
    /// from the object point back at the array they came from.
    static func definitionLines(path: String) -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var out: [String: Int] = [:]
        var n = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            guard let eq = line.firstIndex(where: { $0 == "=" || $0 == "[" }) else { continue }
            let before = line[..<eq].trimmingCharacters(in: .whitespaces)
            guard let last = before.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).last else { continue }
            let word = String(last)
            if out[word] == nil, before.hasSuffix(word), before.count > word.count { out[word] = n }
        }
        return out
    }
}
