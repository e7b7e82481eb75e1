import Foundation
import Testing
@testable import UAC2Kit

/// `uac2 report` pages laid out by headless Chromium: a screenshot is made, the DOM holds one node per
/// entity and streaming interface and one bar per alternate setting × rate (× speed when unknown),
/// no two node boxes overlap and every label stays inside its box.
@Suite struct ReportHTMLTests {
    /// Small and large corpus devices, UAC1 and UAC2, full, high and unknown speed, lsusb text, raw bytes, hex.
    static let corpus = [
        "arturia-audiofuse-16rig-1c75_af20.lsusb.txt",
        "minidsp-usbstreamer-xmos-2752_0016.lsusb.txt",
        "realtek-alc1220vb-usb-audio-msi-trx40-0db0_543d.lsusb.txt",
        "focusrite-scarlett-2i2-2nd-gen-1235_8202.lsusb.txt",
        "behringer-uv1-1397_0510.lsusb.txt",
        "ksoloti-core-16c0_0444.bin",
        "linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt",
        "logitech-g633-046d_0a5c.lsusb.txt",
        "rme-fireface-uc-0424_3fc6.lsusb.txt",
    ]

    static func render(_ input: DecodedInput) -> String {
        HTMLReport.render(input, check: RuleEngine.check(input))
    }

    /// What the page must hold, counted from the model and the bandwidth engine (not from the HTML).
    static func expected(_ input: DecodedInput) -> (graphs: [(entities: Int, streams: Int)], bars: Int) {
        var graphs: [(Int, Int)] = []
        var bars = 0
        for d in input.devices {
            for c in d.configurations { for f in c.audioFunctions { graphs.append((f.entities.count, f.streamingInterfaces.count)) } }
            let report = BandwidthDeviceReport(BandwidthDeviceInput(device: d))
            for s in report.sections { for a in s.alts where a.skipped == nil { bars += a.verdicts.filter { $0.budget != nil }.count } }
        }
        return (graphs, bars)
    }

    static func check(_ m: ReportBrowser.Measurement, _ input: DecodedInput, _ name: String) {
        let want = expected(input)
        #expect(m.graphs.count == want.graphs.count, "\(name): one picture per audio function")
        for (g, w) in zip(m.graphs, want.graphs) {
            #expect(g.nodes.filter { $0.cls.contains("entity") }.count == w.entities, "\(name): one node per entity")
            #expect(g.nodes.filter { $0.cls.contains("stream") }.count == w.streams, "\(name): one node per streaming interface")
            for (i, a) in g.nodes.enumerated() {
                #expect(a.box[2] > 0 && a.box[3] > 0, "\(name): \(a.key) has a box")
                for b in g.nodes[(i + 1)...] {
                    let overlap = a.box[0] < b.box[0] + b.box[2] && b.box[0] < a.box[0] + a.box[2]
                        && a.box[1] < b.box[1] + b.box[3] && b.box[1] < a.box[1] + a.box[3]
                    #expect(!overlap, "\(name): nodes \(a.key) \(a.box) and \(b.key) \(b.box) overlap")
                }
                for t in a.texts {
                    let inside = t[0] >= a.box[0] - 0.5 && t[1] >= a.box[1] - 0.5
                        && t[0] + t[2] <= a.box[0] + a.box[2] + 0.5 && t[1] + t[3] <= a.box[1] + a.box[3] + 0.5
                    #expect(inside, "\(name): a label of \(a.key) (\(t)) sticks out of its box \(a.box)")
                }
            }
        }
        #expect(m.bars.count == want.bars, "\(name): one bar per alt × rate × speed")
        #expect(m.bars.allSatisfy { $0.width >= 1 }, "\(name): every bar is drawn")
    }

    @Test(arguments: corpus) func corpusDeviceLaysOutInChromium(_ name: String) throws {
        let input = Fixtures.decode(name)
        let html = Self.render(input)
        let m = try ReportBrowser.measure(html: html)
        Self.check(m, input, name)
        try ReportBrowser.keepScreenshot(html: html, name: name, m)
    }

    /// Figures counted by hand from the descriptors (lsusb text), so the expectation does not come from
    /// the code under test: Arturia AudioFuse 16Rig, speed not stated (bcdUSB 2.00, no qualifier; packet
    /// sizes are no speed evidence), so drawn at full and at high speed: alts 1-3 of interfaces 1 and 2 at
    /// the 8 assumed UAC2 rates × 2 speeds = 96 bars; 10 entities (3 clock sources, 1 selector, 2 input
    /// terminals, 2 feature units, 2 output terminals) and 2 streaming interfaces.
    @Test func arturiaCountsByHand() throws {
        let m = try ReportBrowser.measure(html: Self.render(Fixtures.decode("arturia-audiofuse-16rig-1c75_af20.lsusb.txt")))
        #expect(m.graphs.count == 1)
        #expect(m.graphs.first?.nodes.filter { $0.cls.contains("entity") }.count == 10)
        #expect(m.graphs.first?.nodes.filter { $0.cls.contains("clock") }.count == 4)
        #expect(m.graphs.first?.nodes.filter { $0.cls.contains("stream") }.count == 2)
        #expect(m.graphs.first?.problems == 0)
        #expect(m.bars.count == 96)
        #expect(m.bars.filter { $0.speed == "full" }.count == 48 && m.bars.filter { $0.speed == "high" }.count == 48)
        #expect(Set(m.bars.map { "\($0.interface).\($0.alt)" }) == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"])
        #expect(Set(m.bars.map(\.rate)) == [44100, 48000, 88200, 96000, 176400, 192000, 352800, 384000])
    }

    /// Logitech G633: nothing says full or high speed, so every alt is drawn at both (lsusb shows
    /// 13 alternate settings with an isochronous endpoint; bars come per speed).
    @Test func unknownSpeedDrawsBothSpeeds() throws {
        let input = Fixtures.decode("logitech-g633-046d_0a5c.lsusb.txt")
        let html = Self.render(input)
        #expect(html.contains("If the device runs at full speed"))
        #expect(html.contains("If the device runs at high speed"))
        let m = try ReportBrowser.measure(html: html)
        let full = m.bars.filter { $0.speed == "full" }, high = m.bars.filter { $0.speed == "high" }
        #expect(!full.isEmpty && full.count == high.count)
        #expect(Set(full.map { "\($0.interface).\($0.alt).\($0.rate)" }) == Set(high.map { "\($0.interface).\($0.alt).\($0.rate)" }))
    }

    /// 55 entities, a 24-pin mixer (48 input channels): the layered layout keeps every box apart.
    @Test func largeMixerDeskLaysOut() throws {
        let input = DescriptorBuilder.largeMixer().decode()
        #expect(input.devices.first?.configurations.first?.audioFunctions.first?.entities.count == 55)
        let html = Self.render(input)
        let m = try ReportBrowser.measure(html: html)
        Self.check(m, input, "largeMixer")
        try ReportBrowser.keepScreenshot(html: html, name: "largeMixer", m)
        #expect(m.graphs.first?.nodes.contains { $0.key == "e60" } == true)
        // Clock: 24 mic ITs, OT 62, IT 70, OT 72; audio: 24 FUs, 24 mixer pins, FU 61, OT 62, 2 selector
        // pins, OT 72; terminal links: 2.
        #expect(m.graphs.first?.edges == 27 + 53 + 2)
    }

    /// Broken links are drawn red: Feature Unit 2's source ID 9 is declared nowhere (a red "missing"
    /// node and a dangling edge), Feature Units 6 and 7 feed each other (two edges on a cycle).
    @Test func danglingAndCycleAreRed() throws {
        let input = DescriptorBuilder.brokenLinks().decode()
        let html = Self.render(input)
        let m = try ReportBrowser.measure(html: html)
        Self.check(m, input, "brokenLinks")
        try ReportBrowser.keepScreenshot(html: html, name: "brokenLinks", m)
        let g = try #require(m.graphs.first)
        #expect(g.nodes.filter { $0.cls.contains("missing") }.map(\.key) == ["m9"])
        #expect(g.problems == 3)
        #expect(html.contains("class=\"edge audio problem dangling\" data-from=\"m9\" data-to=\"e2\""))
        #expect(html.contains("class=\"edge audio problem cycle\" data-from=\"e7\" data-to=\"e6\""))
        #expect(html.contains("class=\"edge audio problem cycle\" data-from=\"e6\" data-to=\"e7\""))
    }

    /// The page is self-contained: no script, no stylesheet or image fetched, no address but SVG's namespace.
    @Test(arguments: corpus) func selfContained(_ name: String) {
        let html = Self.render(Fixtures.decode(name))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<link") && !html.contains("<img") && !html.contains("src=") && !html.contains("@import"))
        #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").range(of: "://") == nil)
    }

    /// Findings are linked from the picture and back: the AS interface 1 node of the Arturia carries a
    /// badge that links to its first finding, and that finding links back to the node.
    @Test func findingsLinkBothWays() throws {
        let input = Fixtures.decode("arturia-audiofuse-16rig-1c75_af20.lsusb.txt")
        let check = RuleEngine.check(input)
        let html = HTMLReport.render(input, check: check)
        let first = try #require(check.findings.firstIndex { $0.location.interface == 1 && $0.location.entity == nil })
        #expect(html.contains("<a href=\"#f\(first)\"><g class=\"node stream has-"))
        #expect(html.contains("id=\"f\(first)\""))
        #expect(html.contains("in the picture: <a href=\"#d0c0f0-as1\">AS interface 1</a>"))
        for k in check.findings.indices { #expect(html.contains("<li class=\"finding \(check.findings[k].severity.rawValue)\" id=\"f\(k)\">")) }
    }

    /// Through the CLI, as a user runs it: a screenshot of the page is a real PNG of the window's size.
    @Test func cliReportScreenshots() throws {
        let dir = try ReportBrowser.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.html")
        let run = try Fixtures.uac2(["report", Fixtures.descriptors.appendingPathComponent("arturia-audiofuse-16rig-1c75_af20.lsusb.txt").path,
                                     "-o", out.path])
        #expect(run.status == 0, "\(run.err)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let (w, h) = try ReportBrowser.screenshot(html: html, to: dir.appendingPathComponent("shot.png"), width: 1280, height: 900)
        #expect(w == 1280 && h == 900)
    }

    /// Several inputs: one file each in the -o directory; a missing input exits 66 after the others are written.
    @Test func cliOneFilePerInput() throws {
        let dir = try ReportBrowser.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = Fixtures.descriptors.appendingPathComponent("ksoloti-core-16c0_0444.bin").path
        let b = Fixtures.descriptors.appendingPathComponent("behringer-uv1-1397_0510.lsusb.txt").path
        let run = try Fixtures.uac2(["report", a, b, dir.appendingPathComponent("missing.bin").path, "-o", dir.appendingPathComponent("out").path])
        #expect(run.status == 66)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted()
        #expect(names == ["behringer-uv1-1397_0510.lsusb.txt.html", "ksoloti-core-16c0_0444.bin.html"])
        let usage = try Fixtures.uac2(["report", a, b])
        #expect(usage.status == 64)
        #expect(usage.err.contains("give -o DIRECTORY"))
    }
}
