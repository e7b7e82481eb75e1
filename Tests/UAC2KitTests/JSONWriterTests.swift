import Foundation
import Testing
@testable import UAC2Kit

/// The streaming JSON writer against the tree serialiser and against Foundation's JSON parser.
@Suite struct JSONWriterTests {
    static let names = ["ksoloti-core-16c0_0444.bin", "focusrite-scarlett-2i2-2nd-gen-1235_8202.lsusb.txt",
                        "linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt"]

    @Test func streamedDocumentEqualsTheTreeByteForByte() {
        let inputs = Self.names.map { Fixtures.decode($0) }
        let tree = JSONReport.document(inputs).serialized(pretty: true)
        var w = JSONWriter(pretty: true)
        JSONReport.write(inputs, to: &w)
        #expect(w.bytes.count > 100_000)
        #expect(String(decoding: w.bytes, as: UTF8.self) == tree)
    }

    @Test func aSinkReceivesTheSameBytesInPieces() {
        let inputs = Self.names.map { Fixtures.decode($0) }
        var pieces: [[UInt8]] = []
        var w = JSONWriter(pretty: true, flushThreshold: 512) { pieces.append($0) }
        JSONReport.write(inputs, to: &w)
        w.flush()
        // One piece per device at least (each device is bigger than the threshold), none the whole document.
        let whole = JSONReport.document(inputs).serialized(pretty: true)
        #expect(pieces.count >= 3)
        #expect(pieces.allSatisfy { $0.count < whole.utf8.count / 2 })
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == whole)
    }

    @Test func escapesRoundTripThroughFoundation() throws {
        let s = "quote \" backslash \\ nl \n cr \r tab \t bell \u{07} unit \u{1F} é µs 🎧 end"
        let text = JSONValue.object([("k\"ey", .string(s)), ("n", .int(-9_223_372_036_854_775_807)),
                                     ("z", .int(0)), ("d", .double(0.5)), ("e", .array([])), ("o", .object([]))])
            .serialized()
        #expect(text.contains(#"\u0007"#) && text.contains(#"\u001f"#) && text.contains(#"\""#))
        #expect(text.hasSuffix(#","n":-9223372036854775807,"z":0,"d":0.5,"e":[],"o":{}}"#))
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(obj?["k\"ey"] as? String == s)
        #expect(obj?["n"] as? Int == -9_223_372_036_854_775_807)
    }

    @Test func prettyLayoutIsTwoSpacesPerLevel() {
        let v = JSONValue.object([("a", .array([.int(1), .object([("b", .null)])])), ("c", .bool(true))])
        #expect(v.serialized(pretty: true) == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": true\n}")
        // Deeper than the cached run of spaces (64 levels = 128 spaces).
        var deep = JSONValue.int(7)
        for _ in 0..<70 { deep = .array([deep]) }
        let lines = deep.serialized(pretty: true).split(separator: "\n")
        #expect(lines[70] == Substring(String(repeating: " ", count: 140) + "7"))
    }
}
