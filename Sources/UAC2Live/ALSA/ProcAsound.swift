#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
#if canImport(Glibc)
import Glibc
#endif

/// Reads /proc/asound: the kernel's own view of USB audio streams (snd-usb-audio prints the
/// packet size, "Momentary freq" and feedback format while a stream runs) and card usbids.
public enum ProcAsound {
    /// Whole small text file, or nil (absent, unreadable). Capped at 1 MiB.
    public static func read(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func stream(card: Int32, device: UInt32) -> ALSAProbeResult.ProcStream? {
        let path = "/proc/asound/card\(card)/stream\(device)"
        guard let text = read(path) else { return nil }
        let lines = text.split(separator: "\n").map(String.init)
        let freqs = lines.compactMap { momentaryFreq($0) }
        return .init(path: path, lines: lines, momentaryFreqHz: freqs)
    }

    /// "    Momentary freq = 48000 Hz (0x6.0000)" → 48000.
    public static func momentaryFreq(_ line: Substring) -> UInt32? { momentaryFreq(String(line)) }
    public static func momentaryFreq(_ line: String) -> UInt32? {
        let key = "Momentary freq = "
        var rest = Substring(line)
        while !rest.isEmpty, !rest.hasPrefix(key) { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        return UInt32(rest.dropFirst(key.count).prefix { $0.isNumber })
    }

    /// ALSA cards with a /proc/asound/cardN/usbid ("1234:abcd"), i.e. USB audio cards.
    public static func usbCards() -> [(card: Int, usbid: String, name: String)] {
        var out: [(Int, String, String)] = []
        for n in 0..<32 {
            guard let id = read("/proc/asound/card\(n)/usbid") else { continue }
            let name = read("/proc/asound/card\(n)/id")?.split(separator: "\n").first.map(String.init) ?? ""
            out.append((n, id.trimmingCharacters(), name))
        }
        return out
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
#endif
