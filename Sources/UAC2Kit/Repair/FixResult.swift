/// What `uac2 fix` did to one input: the corrected bytes, each field it changed and why, and the
/// findings it left alone because they need a decision only the firmware's author can make.

/// One field `fix` changed.
public struct FixChange: Sendable, Hashable {
    /// The rule whose finding the change removes.
    public var ruleID: String
    /// "Endpoint Descriptor", "AudioControl Interface Descriptor (HEADER)".
    public var descriptor: String
    /// Where in the device: "configuration 1, interface 1 alt 1, EP 0x81".
    public var place: String
    /// Where in the input the descriptor is (byte offset, text line).
    public var source: SourceLocation
    /// Field name, with the element index for arrays: "bmaControls(2)".
    public var field: String
    public var oldValue: UInt64
    public var newValue: UInt64
    /// Both values as `decode` shows them: "0x00c0 (1 x 192 bytes)".
    public var oldText: String
    public var newText: String
    /// The finding's message: what was wrong, with the values.
    public var why: String
    /// Index of the stream (one per device of an lsusb text, one for a blob) and the field's first byte in it.
    public var stream: Int
    public var byteOffset: Int
    public var width: Int
}

/// A finding `fix` does not change: fixing it takes a design decision (fewer channels, a second
/// endpoint, another speed) or information the descriptors do not hold.
public struct FixChoice: Sendable, Hashable {
    public var ruleID: String
    public var severity: RuleSeverity
    public var place: String
    public var message: String
    /// The rule's fix text: the choices, with numbers.
    public var options: String
}

/// The bytes of one device (lsusb text, dumps) or of a whole blob (raw, hex), as `fix` works on them.
public struct FixStream: Sendable {
    public var bytes: [UInt8]
    /// Where each byte came from in the input.
    public var origins: [SourceLocation]
    public var label: String?
    /// What the input stated about the speed (kept so that the checks judge the stream as they judged the input).
    public var speedEvidence: [SpeedEvidence] = []
    public var speed: USBSpeed? { speedEvidence.lazy.compactMap(\.proves).first }
    public var strings: [Int: String] = [:]
    /// Reader diagnostics that concern the bytes (hex text cut short), kept so that checks see them.
    public var diagnostics: [Diagnostic] = []
    /// The reader stopped before the end of what the input meant to hold (text cut off, a bad token).
    public var mayBeCut = false

    func origin(_ offset: Int) -> SourceLocation {
        origins.indices.contains(offset) ? origins[offset] : SourceLocation(offset: offset)
    }
}

public struct FixResult: Sendable {
    public var name: String
    public var format: InputFormat
    /// The input as read.
    public var original: DecodedInput
    /// Corrected bytes; the same byte count as the input's (fix changes values, never sizes).
    public var streams: [FixStream]
    public var changes: [FixChange]
    public var choices: [FixChoice]
    /// What the reader should know: the speed the packet sizes were computed for, lsusb text limits.
    public var notes: [String]
    /// The corrected bytes decoded again, and the check on them.
    public var fixed: [DecodedInput]
    /// Every round found something to change until the round limit: the fix did not settle.
    public var settled: Bool

    public var bytes: [UInt8] { streams.flatMap(\.bytes) }
    public var changed: Bool { !changes.isEmpty }
}
