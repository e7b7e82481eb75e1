import Foundation
import Testing
@testable import UAC2Kit

/// Rules changed by the review of every error on the linux-hardware.org corpus (issue 21). Each test builds the
/// shape a real device has and pins what the rule now says about it, so the false positive cannot come back.
@Suite struct RuleReviewRegressionTests {
    /// Scarlett 2i4 2nd gen: UAC2 function in IAD 0-2, then a UAC1 AudioControl interface 3 whose header lists
    /// interface 1 (the UAC2 playback interface) instead of its own MIDI interface 4.
    static func uac2PlusUAC1MIDI(listing: UInt64) -> DescriptorBuilder {
        B.hs.with { b in
            b.set("CONFIGURATION", 0, "bNumInterfaces", [5])
            b.interface(3, endpoints: 0, subclass: 1, proto: 0)
            var h = B.v(["bcdADC": 0x0100, "wTotalLength": 9, "bInCollection": 1])
            h["baInterfaceNr"] = [listing]
            b.add(B.ac1(0x01), h)
            b.interface(4, endpoints: 0, subclass: 3, proto: 0)
        }
    }

    @Test func uac1HeaderNamingAnotherFunctionsInterfaceIsOneFindingNotThree() {
        let r = Self.uac2PlusUAC1MIDI(listing: 1).check()
        let ids = Set(r.findings.map(\.ruleID))
        // Before the review the UAC1 function also took interface 1, which gave a version clash (FN-003), a
        // foreign bTerminalLink (TOPO-006) and blamed the IAD for the MIDI interface (FN-002).
        #expect(!ids.contains("UAC-FN-003") && !ids.contains("UAC-TOPO-006") && !ids.contains("UAC-FN-002"),
                "\(r.findings.map { "\($0.ruleID): \($0.message)" })")
        let f = try? #require(r.findings.first { $0.ruleID == "UAC-FN-006" })
        #expect(f?.message.contains("lists interface(s) 1 (in the IAD starting at interface 0), which belong to another function") == true)
        #expect(f?.message.contains("leaves out AudioStreaming/MIDI interface(s) 4") == true)
        #expect(f?.fix.contains("bInCollection 1, baInterfaceNr 4") == true)
        // The UAC2 function keeps its own streams.
        let fn = DescriptorBuilder.decodeFunctions(Self.uac2PlusUAC1MIDI(listing: 1))
        #expect(fn.map(\.streamingInterfaces) == [[1, 2], []])
        #expect(fn.map(\.midiInterfaces) == [[], []])
        #expect(fn[1].claimedByAnotherFunction == [1])
    }

    @Test func uac1HeaderListingItsMIDIInterfaceIsClean() {
        let r = Self.uac2PlusUAC1MIDI(listing: 4).check()
        #expect(!r.findings.contains { ["UAC-FN-002", "UAC-FN-003", "UAC-FN-006", "UAC-TOPO-006"].contains($0.ruleID) },
                "\(r.findings.map { "\($0.ruleID): \($0.message)" })")
        #expect(DescriptorBuilder.decodeFunctions(Self.uac2PlusUAC1MIDI(listing: 4)).map(\.midiInterfaces) == [[], [4]])
    }

    /// Logitech G933/G935: UAC1 interface 2 has alt 0 and alt 1 both empty, the stream in alt 2.
    @Test func emptyUAC1AltIsNotAStreamWithoutEndpoint() {
        let b = B.uac1().with { b in
            let at = b.interfaceIndex(1, alt: 1)!
            b.insert(B.std.interface, B.v(["bInterfaceNumber": 1, "bAlternateSetting": 1, "bNumEndpoints": 0, "bInterfaceClass": 1,
                                           "bInterfaceSubClass": 2, "bInterfaceProtocol": 0, "iInterface": 0]), at: at)
            b.set(at: b.interfaceIndex(1, alt: 1).map { $0 + 1 }!, "bAlternateSetting", [2])
        }
        let alts = b.decode().devices[0].configurations[0].altSettings.filter { $0.interfaceNumber == 1 }.map(\.alternateSetting)
        #expect(alts == [0, 1, 2])
        #expect(!b.check().findings.contains { $0.ruleID == "UAC-EP-002" })
        // The same empty alt that carries a class-specific AS_GENERAL does describe a stream: still an error.
        let described = b.with { b in
            b.insert(AudioStreamingLayouts.uac1General, B.v(["bTerminalLink": 1, "bDelay": 1, "wFormatTag": 1]),
                     at: b.interfaceIndex(1, alt: 1)! + 1)
        }
        #expect(described.check().findings.contains { $0.ruleID == "UAC-EP-002" && $0.message.contains("Interface 1 alt 1") })
    }

    /// Mackie ProFX / XMOS: OUT alts 1 and 2, one implicit-feedback IN alt 1. Linux's generic rule pairs by
    /// alternate setting number, so only alt 1 gets the partner; macOS takes the IN endpoint for both.
    @Test func implicitFeedbackSaysWhichAltLinuxPairs() {
        let b = B.hs.with { b in
            b.setIF(1, alt: 1, "bNumEndpoints", 1); b.remove(at: b.endpointIndex(0x81)!); b.setEP(0x82, "bmAttributes", 0x25)
            var tail = DescriptorBuilder()
            tail.interface(1, alt: 2, endpoints: 1, subclass: 2)
            tail.uac2Stream(link: 1, channels: 2, config: 3, subslot: 3, bits: 24)
            tail.endpoint(0x01, attributes: 0x05, maxPacket: 42, interval: 1)
            tail.uac2EndpointGeneral()
            b.entries.insert(contentsOf: tail.entries, at: b.interfaceIndex(2, alt: 0)!)
        }
        let r = b.check()
        #expect(!r.findings.contains { $0.ruleID == "UAC-EP-003" })
        let found = r.findings.filter { $0.ruleID == "UAC-EP-016" }
        #expect(found.map(\.location.alternate) == [1, 2])
        let linux = found.map { $0.hosts.first { $0.host == .linux }?.text ?? "" }
        #expect(linux[0].contains("pairs it with IN endpoint 0x82 of interface 2 alt 1"))
        #expect(linux[1].contains("finds no partner there") && linux[1].contains("interface 2 alt 2"))
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    /// An IN endpoint that is plain Data is no implicit-feedback source for Linux's generic rule or macOS.
    @Test func asyncOutNextToPlainDataInIsStillAnError() {
        let b = B.hs.with { b in b.setIF(1, alt: 1, "bNumEndpoints", 1); b.remove(at: b.endpointIndex(0x81)!) }
        let r = b.check()
        #expect(r.findings.contains { $0.ruleID == "UAC-EP-003" && $0.severity == .error })
        #expect(!r.findings.contains { $0.ruleID == "UAC-EP-016" })
    }
}

extension DescriptorBuilder {
    static func decodeFunctions(_ b: DescriptorBuilder) -> [AudioFunction] {
        b.decode().devices.first?.configurations.first?.audioFunctions ?? []
    }
}
