/// The ALSA channel map snd-usb-audio builds for a UAC1/UAC2 stream, as convert_chmap() in
/// sound/usb/stream.c (torvalds/linux@0154ec7) does: set bmChannelConfig bits are taken in bit order
/// (stopping at the channel count since commit a39d51ff1f52, March 2024); with no bits it guesses —
/// MONO for one channel, else the table's first positions — and fills the rest with UNKNOWN. More
/// than 15 channels get no map (struct snd_pcm_chmap_elem holds 15 entries). The names are ALSA's.
enum LinuxChannelMap {
    static let uac1 = ["FL", "FR", "FC", "LFE", "SL", "SR", "FLC", "FRC", "RC", "SL", "SR", "TC"]
    static let uac2 = ["FL", "FR", "FC", "LFE", "RL", "RR", "FLC", "FRC", "RC", "SL", "SR", "TC", "TFL", "TFC", "TFR",
                       "TRL", "TRC", "TRR", "TFLC", "TFRC", "LLFE", "RLFE", "TSL", "TSR", "BC", "RLC", "RRC"]
    static let maxChannels = 15

    /// The positions, or nil when Linux makes no map (more than 15 channels).
    static func positions(channels: Int, bits: UInt32, version: AudioClassVersion) -> [String]? {
        guard channels <= maxChannels, channels >= 0 else { return nil }
        let table = version == .uac1 ? uac1 : uac2
        var map: [String] = []
        if bits != 0 {
            for (i, name) in table.enumerated() where bits & (1 << UInt32(i)) != 0 && map.count < channels { map.append(name) }
        } else if channels == 1 {
            map = ["MONO"]
        } else {
            map = Array(table.prefix(channels))
        }
        while map.count < channels { map.append("UNKNOWN") }
        return map
    }

    /// "FL FR FC LFE", or why there is none.
    static func text(channels: Int, bits: UInt32, version: AudioClassVersion) -> String {
        guard let p = positions(channels: channels, bits: bits, version: version) else {
            return "none (convert_chmap() makes no map for more than \(maxChannels) channels)"
        }
        return p.joined(separator: " ")
    }
}
