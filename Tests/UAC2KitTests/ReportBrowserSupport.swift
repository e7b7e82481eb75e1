import Foundation
@testable import UAC2Kit

/// Renders a report page in headless Chromium (Debian `chromium`, installed by .ci/run) and reads
/// back what the browser laid out: the box of every topology node and its texts, every bandwidth bar.
/// The page itself has no script; the measuring script is added to a copy, so what is measured is the
/// browser's own layout of the page as shipped.
enum ReportBrowser {
    struct NodeBox: Decodable {
        var key: String
        var cls: String
        var box: [Double]       // x, y, width, height in page pixels
        var texts: [[Double]]
    }
    struct Graph: Decodable {
        var nodes: [NodeBox]
        var edges: Int
        var problems: Int
    }
    struct Bar: Decodable {
        var speed: String
        var interface: Int
        var alt: Int
        var rate: Int
        var width: Double
    }
    struct Measurement: Decodable {
        var graphs: [Graph]
        var bars: [Bar]
        var pageWidth: Double
        var pageHeight: Double
    }

    static func chromium() throws -> String {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        throw FixtureError("headless Chromium is missing: apt-get install chromium (in .ci/run's PKGS)")
    }

    static let measureScript = """
        <script>(function () {
          function r(e) { var b = e.getBoundingClientRect(); return [b.left + scrollX, b.top + scrollY, b.width, b.height]; }
          var out = { graphs: [], bars: [], pageWidth: document.documentElement.scrollWidth,
                      pageHeight: document.documentElement.scrollHeight };
          document.querySelectorAll('svg.topology').forEach(function (svg) {
            var g = { nodes: [], edges: svg.querySelectorAll('path.edge').length,
                      problems: svg.querySelectorAll('path.edge.problem').length };
            svg.querySelectorAll('g.node').forEach(function (n) {
              g.nodes.push({ key: n.getAttribute('data-key'), cls: n.getAttribute('class'), box: r(n.querySelector('rect')),
                             texts: Array.prototype.map.call(n.querySelectorAll('text:not(.badge-count)'), r) });
            });
            out.graphs.push(g);
          });
          document.querySelectorAll('rect.bar').forEach(function (b) {
            out.bars.push({ speed: b.getAttribute('data-speed'), interface: +b.getAttribute('data-interface'),
                            alt: +b.getAttribute('data-alt'), rate: +b.getAttribute('data-rate'), width: r(b)[2] });
          });
          var pre = document.createElement('pre'); pre.id = 'uac2-measure';
          pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
        })();</script>
        """

    /// A fresh profile per run: tests run in parallel and Chromium locks its profile directory.
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func baseArguments(_ profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--user-data-dir=\(profile.path)", "--virtual-time-budget=3000"]
    }

    /// Lays the page out in Chromium and returns the measured boxes.
    static func measure(html: String) throws -> Measurement {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("measure.html")
        guard let end = html.range(of: "</body>", options: .backwards) else { throw FixtureError("no </body> in the report") }
        try (html[..<end.lowerBound] + measureScript + html[end.lowerBound...]).write(to: page, atomically: true, encoding: .utf8)
        let run = try Fixtures.run(try chromium(), baseArguments(dir.appendingPathComponent("profile"))
            + ["--window-size=1600,1200", "--dump-dom", page.absoluteString])
        guard run.status == 0 else { throw FixtureError("chromium --dump-dom exited \(run.status): \(run.err.suffix(400))") }
        guard let start = run.out.range(of: "<pre id=\"uac2-measure\">"),
              let stop = run.out.range(of: "</pre>", range: start.upperBound..<run.out.endIndex) else {
            throw FixtureError("the measuring script left no result in the DOM")
        }
        let json = run.out[start.upperBound..<stop.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Measurement.self, from: Data(json.utf8))
    }

    /// With UAC2_REPORT_SHOTS=DIR set, saves a whole-page screenshot as DIR/NAME.png for a person to look at.
    static func keepScreenshot(html: String, name: String, _ m: Measurement) throws {
        guard let dir = ProcessInfo.processInfo.environment["UAC2_REPORT_SHOTS"] else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try screenshot(html: html, to: URL(fileURLWithPath: dir).appendingPathComponent(name + ".png"),
                           width: 1600, height: min(16000, Int(m.pageHeight) + 8))
    }

    /// Screenshots the page as shipped (no script added); returns the PNG's width and height.
    static func screenshot(html: String, to png: URL, width: Int = 1600, height: Int = 1400) throws -> (Int, Int) {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: png)
        let run = try Fixtures.run(try chromium(), baseArguments(dir.appendingPathComponent("profile"))
            + ["--window-size=\(width),\(height)", "--screenshot=\(png.path)", page.absoluteString])
        guard run.status == 0 else { throw FixtureError("chromium --screenshot exited \(run.status): \(run.err.suffix(400))") }
        let bytes = [UInt8]((try? Data(contentsOf: png)) ?? Data())
        // PNG signature, then the IHDR chunk's big-endian width and height.
        guard bytes.count > 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw FixtureError("no PNG written at \(png.path)")
        }
        func be32(_ o: Int) -> Int { bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

/// Synthetic topologies the corpus lacks: a large mixer desk, and broken links.
extension DescriptorBuilder {
    /// A 24-input mixer desk: clock 40; 24 stereo mic inputs (IT 1-24) each through a feature unit
    /// (FU 101-124) into one Mixer Unit 60 (24 pins, 48 input channels) → FU 61 → OT 62 (USB streaming to
    /// the host, 2 ch); 48-channel USB playback IT 70 → Selector Unit 71 (also fed by the mixer) → OT 72.
    /// 55 entities, 2 streaming interfaces.
    static func largeMixer() -> DescriptorBuilder {
        var b = DescriptorBuilder()
        b.speed = .high
        b.device()
        b.configuration(interfaces: 3)
        b.iad(first: 0, count: 3)
        b.interface(0, endpoints: 0, subclass: 1)
        b.add(ac2(0x01), v(["bcdADC": 0x0200, "bCategory": 8, "wTotalLength": 0, "bmControls": 0]))
        b.add(ac2(0x0A), v(["bClockID": 40, "bmAttributes": 3, "bmControls": 7, "bAssocTerminal": 0, "iClockSource": 0]))
        for i in UInt64(1)...24 {
            b.add(ac2(0x02), v(["bTerminalID": i, "wTerminalType": 0x0201, "bAssocTerminal": 0, "bCSourceID": 40, "bNrChannels": 2,
                                "bmChannelConfig": 3, "iChannelNames": 0, "bmControls": 0, "iTerminal": 0]))
            var fu = v(["bUnitID": 100 + i, "bSourceID": i, "iFeature": 0])
            fu["bmaControls"] = [0x0F, 0x0F, 0x0F]
            b.add(ac2(0x06), fu)
        }
        var mixer = v(["bUnitID": 60, "bNrInPins": 24, "bNrChannels": 2, "bmChannelConfig": 3, "iChannelNames": 0,
                       "bmControls": 0, "iMixer": 0])
        mixer["baSourceID"] = (UInt64(101)...124).map { $0 }
        mixer["bmMixerControls"] = Array(repeating: 0xFF, count: 12)   // 48 × 2 bits
        b.add(ac2(0x04), mixer)
        var fu = v(["bUnitID": 61, "bSourceID": 60, "iFeature": 0])
        fu["bmaControls"] = [0x0F, 0x0F, 0x0F]
        b.add(ac2(0x06), fu)
        b.add(ac2(0x03), v(["bTerminalID": 62, "wTerminalType": 0x0101, "bAssocTerminal": 0, "bSourceID": 61, "bCSourceID": 40,
                            "bmControls": 0, "iTerminal": 0]))
        b.add(ac2(0x02), v(["bTerminalID": 70, "wTerminalType": 0x0101, "bAssocTerminal": 0, "bCSourceID": 40, "bNrChannels": 48,
                            "bmChannelConfig": 0, "iChannelNames": 0, "bmControls": 0, "iTerminal": 0]))
        var sel = v(["bUnitID": 71, "bNrInPins": 2, "bmControls": 0, "iSelector": 0])
        sel["baSourceID"] = [70, 60]
        b.add(ac2(0x05), sel)
        b.add(ac2(0x03), v(["bTerminalID": 72, "wTerminalType": 0x0301, "bAssocTerminal": 0, "bSourceID": 71, "bCSourceID": 40,
                            "bmControls": 0, "iTerminal": 0]))
        b.interface(1, alt: 0, endpoints: 0, subclass: 2)
        b.interface(1, alt: 1, endpoints: 2, subclass: 2)
        b.uac2Stream(link: 70, channels: 48, config: 0, subslot: 4, bits: 24)
        b.endpoint(0x01, attributes: 0x05, maxPacket: 0x1000 | 1024, interval: 1)   // 3 × 1024 B per microframe
        b.uac2EndpointGeneral()
        b.endpoint(0x81, attributes: 0x11, maxPacket: 4, interval: 4)
        b.interface(2, alt: 0, endpoints: 0, subclass: 2)
        b.interface(2, alt: 1, endpoints: 1, subclass: 2)
        b.uac2Stream(link: 62, channels: 2, config: 3, subslot: 4, bits: 24)
        b.endpoint(0x82, attributes: 0x05, maxPacket: 56, interval: 1)
        b.uac2EndpointGeneral()
        return b
    }

    /// The clean UAC2 device with two broken links: Feature Unit 2 takes its audio from ID 9, which
    /// nothing declares, and a Feature Unit 6 / 7 pair feed each other (a cycle).
    static func brokenLinks() -> DescriptorBuilder {
        var b = uac2()
        b.set("UAC2_FEATURE_UNIT", 0, "bSourceID", [9])
        let ot = b.index("UAC2_OUTPUT_TERMINAL", 0)!
        var fu6 = v(["bUnitID": 6, "bSourceID": 7, "iFeature": 0])
        fu6["bmaControls"] = [0x0F, 0x0F, 0x0F]
        var fu7 = v(["bUnitID": 7, "bSourceID": 6, "iFeature": 0])
        fu7["bmaControls"] = [0x0F, 0x0F, 0x0F]
        b.insert(ac2(0x06), fu6, at: ot)
        b.insert(ac2(0x06), fu7, at: ot)
        return b
    }
}
