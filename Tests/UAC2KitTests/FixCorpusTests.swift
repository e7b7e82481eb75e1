import Foundation
import Testing
@testable import UAC2Kit

/// `uac2 fix` on every capture in Descriptors/: the findings it fixes are gone when the output is read
/// back and checked, the real lsusb (umockdev) decodes the fixed bytes, and a second fix changes nothing.
@Suite struct FixCorpusTests {
    static func captures() -> [URL] {
        Fixtures.files(suffix: ".lsusb.txt") + Fixtures.files(suffix: ".hex.txt") + Fixtures.files(suffix: ".bin")
    }

    struct Fixed: Sendable {
        var name: String
        var result: FixResult
        var input: [UInt8]
        var output: [UInt8]
        var speed: USBSpeed?
    }

    /// The reader says the text ends inside a descriptor block: the capture is cut short, and so is its output.
    static func isCut(_ r: FixResult) -> Bool { r.original.diagnostics.contains { $0.message.contains("the input ends") } }

    /// Every capture fix changes, fixed with the speed the capture states.
    static let fixed: [Fixed] = fixAll(captures())

    static func fixAll(_ urls: [URL]) -> [Fixed] { urls.compactMap { url in
        let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
        let r = DescriptorFixer.fix(bytes: bytes, name: url.lastPathComponent)
        guard r.changed else { return nil }
        return Fixed(name: url.lastPathComponent, result: r, input: bytes, output: FixWriter.write(r, input: bytes, form: .same).bytes,
                     speed: r.original.devices.first?.speed)
    } }

    /// Changes reviewed against the captures in Descriptors/expected (sums taken there with awk over the text).
    static let reviewed: [(file: String, rule: String, field: String, old: UInt64, new: UInt64)] = [
        ("arturia-audiofuse-16rig-1c75_af20.lsusb.txt", "UAC-FN-004", "wTotalLength", 400, 393),
        ("logitech-c270-046d_0825.lsusb.txt", "UAC-FN-004", "wTotalLength", 38, 39),
        ("schiit-hel-30be_0101.lsusb.txt", "UAC-FN-004", "wTotalLength", 256, 119),
        ("schiit-modi-multibit-cm6631a-0d8c_0004.lsusb.txt", "UAC-FN-004", "wTotalLength", 256, 64),
        ("behringer-umc202hd-1397_0507.lsusb.txt", "USB-CH9-004", "bInterfaceNumber", 5, 3),
        ("kt-micro-kt0206-31b2_0011.lsusb.txt", "UAC-BW-003", "wMaxPacketSize", 192, 196),
        ("kt-micro-kt0206-31b2_0011.lsusb.txt", "UAC-BW-003", "wMaxPacketSize", 288, 294),
        ("nux-mg-300-1fc9_8260.lsusb.txt", "UAC-FN-002", "bInterfaceCount", 3, 4),
        ("telit-le910c1-eu-1bc7_1230.lsusb.txt", "UAC-BW-003", "wMaxPacketSize", 32, 34),
    ]

    @Test func everyCaptureWithAMechanicalFindingIsFixed() {
        // Measured: 16 of the 56 captures carry a finding fix can repair (FN-004, FN-002, CH9-004, BW-003).
        #expect(Self.fixed.count >= 16, "\(Self.fixed.map(\.name))")
        for r in Self.reviewed {
            let f = Self.fixed.first { $0.name == r.file }
            #expect(f?.result.changes.contains { $0.ruleID == r.rule && $0.field == r.field && $0.oldValue == r.old && $0.newValue == r.new } == true,
                    "\(r.file): \(r.rule) \(r.field) \(r.old) -> \(r.new); got \(f?.result.changes.map { "\($0.ruleID) \($0.field) \($0.oldValue)->\($0.newValue)" } ?? [])")
        }
    }

    /// Every finding of a rule fix has a row for is either changed or listed as needing a decision there
    /// (a cut capture's total, a non-UAC1 length): none is dropped silently.
    @Test func everyFixableFindingIsFixedOrListed() {
        for url in Self.captures() {
            let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
            let r = DescriptorFixer.fix(bytes: bytes, name: url.lastPathComponent)
            // A finding grouped over alternate settings is fixed at each place it names.
            for g in RuleEngine.check(r.original).findings where FixRules.table[g.ruleID] != nil && g.ruleID != "UAC-BW-000" {
                for place in g.location.places.map(\.key) {
                    let changed = r.changes.contains { $0.ruleID == g.ruleID && $0.place == place }
                    let listed = r.choices.contains { $0.ruleID == g.ruleID && $0.place == place && $0.message.contains("needs a decision") }
                    #expect(changed || listed, "\(url.lastPathComponent): \(g.ruleID) at \(place) neither fixed nor listed")
                }
            }
        }
    }

    @Test func fixedFindingsAreGoneWhenTheOutputIsCheckedAgain() {
        for f in Self.fixed { Self.expectFixedFindingsGone(f) }
    }

    static func expectFixedFindingsGone(_ f: Fixed) {
        do {
            let before = RuleEngine.check(f.result.original)
            let again = DescriptorReader.read(bytes: f.output, name: "fixed")
            #expect(again.format == (f.result.format == .raw ? .raw : .hex), "\(f.name)")
            #expect(!again.hasErrors, "\(f.name): \(again.diagnostics)")
            #expect(again.devices.flatMap(\.sequence).reduce(0) { $0 + $1.bytes.count } == f.result.bytes.count, "\(f.name): byte count")
            let after = RuleEngine.check(again, options: CheckOptions(speed: f.speed))
            for c in f.result.changes {
                // Sized at an unknown speed, a change answers no finding of the default check (UAC-BW-000 instead).
                // lsusb text does not print every descriptor: the blob written gets the total of what it holds.
                if !c.why.contains("Sized for every speed") && !c.why.contains("lsusb skips some class descriptors") {
                    #expect(before.findings.contains { $0.ruleID == c.ruleID && $0.location.covers(key: c.place) }, "\(f.name): \(c.ruleID) at \(c.place) was not reported")
                }
                #expect(!after.findings.contains { $0.ruleID == c.ruleID && $0.location.covers(key: c.place) }, "\(f.name): \(c.ruleID) at \(c.place) still reported")
            }
        }
    }

    /// A cut capture keeps its configuration total (the device may be right) and says why.
    @Test func aCutCaptureKeepsItsTotal() throws {
        let f = try #require(Self.fixed.first { $0.name == "via-usb-dongle-040d_3400.lsusb.txt" })
        #expect(Self.isCut(f.result))
        #expect(!f.result.changes.contains { $0.field == "wTotalLength" || $0.field == "bNumInterfaces" || $0.field == "bNumEndpoints" })
        #expect(f.result.choices.contains { $0.ruleID == "USB-CH9-002" && $0.message.contains("518") && $0.message.contains("479") })
    }

    /// Fixing the output again changes nothing. Not for a cut capture: its output is a complete-looking
    /// blob whose total counts bytes the text never showed, which a second fix cannot tell from a wrong total.
    @Test func fixIsIdempotent() {
        for f in Self.fixed where !Self.isCut(f.result) { Self.expectIdempotent(f) }
    }

    static func expectIdempotent(_ f: Fixed) {
        do {
            let r2 = DescriptorFixer.fix(bytes: f.output, name: "fixed", options: CheckOptions(speed: f.speed))
            #expect(r2.changes.isEmpty, "\(f.name): \(r2.changes.map { "\($0.ruleID) \($0.field)" })")
            #expect(r2.settled)
            #expect(FixWriter.write(r2, input: f.output, form: .same).bytes == f.output ? true : false, "\(f.name): output rewritten")
        }
    }

    /// The linux-hardware.org reports, read where they are (no licence: no copies in the repository).
    @Test(.enabled(if: LinuxHWCorpus.available, "../shared/corpus-linuxhw is not beside this checkout"))
    func linuxHardwareReportsToo() {
        let fixed = Self.fixAll(LinuxHWCorpus.reports.map { LinuxHWCorpus.dir.appendingPathComponent($0) })
        // Measured: 24 of the 70 reports carry a finding fix repairs (mostly UAC-FN-004 and UAC-BW-003).
        #expect(fixed.count >= 20, "\(fixed.count)")
        for f in fixed {
            Self.expectFixedFindingsGone(f)
            if !Self.isCut(f.result) { Self.expectIdempotent(f) }
        }
    }

    @Test func realLsusbDecodesTheFixedBytes() throws {
        try #require(RealLsusb.available, "umockdev-run, lsusb and xxd are needed (Debian: umockdev usbutils xxd)")
        for f in Self.fixed where !Self.isCut(f.result) {
            for (si, fixedInput) in f.result.fixed.enumerated() {
                guard let dev = fixedInput.devices.first, let blob = RealLsusb.blob(of: dev) else { continue }
                let origInput = DescriptorFixer.decode(DescriptorFixer.streams(f.input, f.result.format, f.result.original)[si],
                                                       name: f.name, format: .raw)
                guard let origBlob = origInput.devices.first.flatMap(RealLsusb.blob(of:)) else { continue }
                let speed = f.speed ?? .high
                let fixedRun = try LsusbAgreementTests.agree(f.name, blob: blob, speed: speed)
                let origRun = try LsusbAgreementTests.agree(f.name, blob: origBlob, speed: speed)
                #expect(fixedRun.descriptors > 0 && fixedRun.descriptors >= origRun.descriptors, "\(f.name): lsusb walked \(fixedRun.descriptors) of \(origRun.descriptors)")
                let known = Set(origRun.disagreements.map { "\($0.layout).\($0.field)" })
                let new = fixedRun.disagreements.filter { !known.contains("\($0.layout).\($0.field)") }
                #expect(new.isEmpty, "\(f.name): lsusb reads the fixed bytes differently: \(new)")
                // Each new value as lsusb prints it.
                let fields = LsusbTextScanner.scan(try RealLsusb.text(of: blob, speed: speed)).devices.first?.blocks.flatMap(\.fields) ?? []
                let origFields = LsusbTextScanner.scan(try RealLsusb.text(of: origBlob, speed: speed)).devices.first?.blocks.flatMap(\.fields) ?? []
                for c in f.result.changes where c.stream == si {
                    let now = fields.filter { $0.key == c.field && $0.value == c.newValue }.count
                    let then = origFields.filter { $0.key == c.field && $0.value == c.newValue }.count
                    #expect(now > then, "\(f.name): lsusb does not print \(c.field) \(c.newValue) after the fix")
                }
            }
        }
    }
}
