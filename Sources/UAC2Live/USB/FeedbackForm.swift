#if Live
/// How a device's explicit feedback value is scaled, found from the value itself against the
/// nominal rate, as Linux snd-usb-audio does (sound/usb/endpoint.c shifts the first value left or
/// right until it lands within −25 %…+50 % of nominal).
///
/// USB 2.0 §5.12.4.2 puts frames per bus (micro)frame in the value: 10.14 in 3 bytes at full speed,
/// 16.16 in 4 at high speed. Linux's own UAC2 gadget (u_audio.c) sends frames per *data packet* at
/// high speed on purpose — 48.0, not 6.0, at 48 kHz with bInterval 4 — because the Windows 10 and
/// macOS UAC2 drivers honour only that form; Linux detects the shift (its /proc stream file then
/// says "Feedback Format = 13.19"). Sizing OUT packets needs frames per bus (micro)frame either way.
public struct FeedbackForm: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// The USB 2.0 form: frames per bus frame (FS) or microframe (HS).
        case perBusFrame = "frames per (micro)frame"
        /// Frames per data packet of an OUT endpoint serviced every `busFramesPerPacket` microframes.
        case perDataPacket = "frames per data packet"
        /// Off by a power of two that neither form explains (a 10.14 value at high speed, ...).
        case otherShift = "off by a power of two"
    }
    public var kind: Kind
    /// The decoded value × 2^shift is frames per bus (micro)frame.
    public var shift: Int
    /// What Linux's /proc/asound/cardN/streamM prints as "Feedback Format" for this value.
    public var linuxFormat: String

    public func framesPerBusFrame(_ decoded: Double) -> Double {
        shift >= 0 ? decoded * Double(1 << shift) : decoded / Double(1 << -shift)
    }

    /// - Parameters:
    ///   - decoded: the value in the speed's format (10.14 FS, 16.16 HS), in frames.
    ///   - nominal: the nominal rate in frames per bus (micro)frame.
    ///   - busFramesPerPacket: the OUT data endpoint's service interval in bus (micro)frames.
    ///   - fractionBits: 14 (full speed) or 16 (high speed).
    ///   - maxPacketBytes: the feedback endpoint's wMaxPacketSize (Linux names 3-byte values 24-bit).
    /// - Returns: nil for a zero value (the window spans a factor of two, so any other value has a shift).
    public static func detect(decoded: Double, nominal: Double, busFramesPerPacket: Int, fractionBits: Int,
                              maxPacketBytes: Int) -> FeedbackForm? {
        guard decoded > 0, nominal > 0 else { return nil }
        func fits(_ k: Int) -> Bool {
            let v = k >= 0 ? decoded * Double(1 << k) : decoded / Double(1 << -k)
            return v >= nominal * 0.75 && v <= nominal * 1.5
        }
        let perPacketShift = -log2Int(busFramesPerPacket)
        let k: Int
        let kind: Kind
        if fits(0) {
            (k, kind) = (0, .perBusFrame)
        } else if busFramesPerPacket > 1, fits(perPacketShift) {
            (k, kind) = (perPacketShift, .perDataPacket)
        } else if let other = (-8...8).filter({ $0 != 0 }).sorted(by: { abs($0) < abs($1) }).first(where: fits) {
            (k, kind) = (other, .otherShift)
        } else {
            return nil
        }
        // Linux reads the raw integer as 16.16 and shifts it by s = k + 16 − fractionBits; it names
        // the format by the fraction bits that leaves, 16 − s.
        let res = fractionBits - k
        return FeedbackForm(kind: kind, shift: k, linuxFormat: "\((maxPacketBytes > 3 ? 32 : 24) - res).\(res)")
    }

    static func log2Int(_ n: Int) -> Int {
        var n = n, r = 0
        while n > 1 { n >>= 1; r += 1 }
        return r
    }
}
#endif
