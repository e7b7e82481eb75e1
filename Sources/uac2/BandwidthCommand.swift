import ArgumentParser
import Foundation
import UAC2Kit

/// `uac2 bandwidth`: the isochronous packet arithmetic without a descriptor.
struct BandwidthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bandwidth",
        abstract: "Does an audio format fit an isochronous endpoint? Packet size, limits and the largest format that fits.",
        discussion: """
        How the numbers work:
          packets/s       full speed: one packet every 2^(bInterval-1) frames of
                          1 ms; high speed and SuperSpeed: every 2^(bInterval-1)
                          microframes of 125 us.
          nominal N       rate / packets per second (44.1 kHz at full speed:
                          N = 44.1). A frame is one sample of every channel.
          frames/packet   sync: ceil(N); async and adaptive: floor(N)+1 (the
                          +/-1 rule: 48 kHz at 1 ms needs 49); "safe" ceil(N)+1
                          is what careful firmware budgets.
          bytes/packet    frames x channels x bSubslotSize (24-bit audio sits
                          in 3 or 4 bytes).
          limits          full speed 1023 B per packet. High speed 1024 B per
                          transaction, 1-3 transactions per microframe
                          (wMaxPacketSize bits 12..11; Apple TN2274 documents
                          that the macOS class driver used only one).
                          SuperSpeed: wBytesPerInterval <= 1024 x (bMaxBurst+1)
                          x Mult. SuperSpeedPlus: dwBytesPerInterval.
          --table         most channels per rate x subslot size for the speed,
                          bInterval and endpoint capacity.
          --bus           periodic bus time of endpoints active together (USB
                          2.0 5.11.3 worst case, as Linux computes it) against
                          900 us per frame (full speed) or 100 us per
                          microframe (high speed). Endpoint syntax:
                          [int-]in|out:BYTES[xMULT][@bInterval]

        Examples:
          uac2 bandwidth --speed full --rate 48k --channels 12 --bits 16
          uac2 bandwidth --speed high --interval 4 --rate 48k --channels 12 \\
                         --bits 16
          uac2 bandwidth --speed high --rate 192k --channels 32 --bits 32 \\
                         --sync sync --mult 3
          uac2 bandwidth --speed full --table
          uac2 bandwidth --speed full --bus in:588 --bus out:588 --bus in:3
          uac2 bandwidth --descriptors lsusb-v.txt [--speed high] [--rates 48k,96k]

        Exit status:
          0   the format fits (or the table was printed, or the bus time fits)
          1   it does not fit: needs a larger wMaxPacketSize or more
              transactions, exceeds the speed, or the bus time is over budget
              (--descriptors: an alt fits at none of its rates, or alt
              settings active together exceed the bus time)
          2   --descriptors: no device could be decoded from the file
          66  --descriptors: the file is missing or unreadable
          64  bad arguments
        """)

    @Option(help: "Bus speed (required except with --descriptors, where it overrides what the file proves; without it an unproven speed is judged at full and at high speed).")
    var speed: USBSpeed?

    @Option(help: ArgumentHelp("A descriptor file (lsusb -v text, raw blob, hex, Windows dump): verdicts for every streaming alt.",
                               valueName: "file"))
    var descriptors: String?

    @Option(help: "Sample rate in Hz, or with a k suffix: 48000, 48k, 44.1k.")
    var rate: String?

    @Option(help: "Channels in the stream (bNrChannels, 1-255).")
    var channels: Int?

    @Option(help: "Bit resolution (bBitResolution), e.g. 16 or 24.")
    var bits: Int?

    @Option(help: "Subslot size in bytes (bSubslotSize, 1-4). Default: the smallest that holds --bits.")
    var subslot: Int?

    @Option(help: "Synchronization type: sync, async or adaptive.")
    var sync: SyncType = .asynchronous

    @Option(help: "bInterval (1-16): the packet period is 2^(bInterval-1) frames (FS) or microframes (HS/SS).")
    var interval: Int = 1

    @Option(help: "High speed: transactions per microframe (1-3, wMaxPacketSize bits 12..11 + 1). SuperSpeed: companion Mult + 1.")
    var mult: Int?

    @Option(name: .customLong("max-packet"),
            help: "Declared wMaxPacketSize: the size (bits 10..0), or the whole word in hex (0x0A4C = 2 × 588).")
    var maxPacket: String?

    @Option(name: .customLong("max-burst"), help: "SuperSpeed companion bMaxBurst (0-15).")
    var maxBurst: Int?

    @Option(name: .customLong("bytes-per-interval"), help: "SuperSpeed wBytesPerInterval / SuperSpeedPlus dwBytesPerInterval.")
    var bytesPerInterval: Int?

    @Flag(help: "Print the maximum channel count by rate × subslot size instead of one verdict.")
    var table = false

    @Option(help: "Rates for --table, comma separated (default 44.1k,48k,88.2k,96k,176.4k,192k,352.8k,384k).")
    var rates: String?

    @Option(help: "A periodic endpoint for the bus-time check (repeatable): [int-]in|out:BYTES[xMULT][@bInterval].")
    var bus: [String] = []

    @Flag(help: "Print JSON (stable keys, with schemaVersion) instead of text.")
    var json = false

    // MARK: - Validation

    func validate() throws {
        if descriptors != nil {
            if table || !bus.isEmpty || rate != nil || channels != nil || bits != nil {
                throw ValidationError("--descriptors takes its formats from the file; combine it only with --speed, --rates and --json.")
            }
            _ = try rateList()
            return
        }
        guard speed != nil else { throw ValidationError("--speed is required (full, high, super or super-plus).") }
        if table {
            _ = try makeTable()
        } else if !bus.isEmpty && rate == nil && channels == nil && bits == nil {
            _ = try makeBusReport()
        } else {
            _ = try makeBudget()
            if !bus.isEmpty { _ = try makeBusReport() }
        }
    }

    func declaration() throws -> BandwidthEndpointDeclaration {
        var size: Int? = nil
        var rawMult: Int? = nil
        if let text = maxPacket {
            guard let v = Self.parseInteger(text) else {
                throw ValidationError("--max-packet '\(text)' is not a number (decimal, or hex with 0x).")
            }
            guard v <= 0x1FFF else {
                throw ValidationError("--max-packet \(text) is more than wMaxPacketSize bits 12..0 can hold.")
            }
            size = v & 0x7FF
            if v > 0x7FF {
                guard (v >> 11) & 3 != 3 else { throw ValidationError("--max-packet \(text): bits 12..11 = 11 is reserved.") }
                rawMult = ((v >> 11) & 3) + 1
            }
            if v <= 0x7FF { size = v }
        }
        if let m = mult, let r = rawMult, m != r {
            throw ValidationError("--mult \(m) contradicts the transaction bits of --max-packet \(maxPacket!) (\(r) transactions).")
        }
        return BandwidthEndpointDeclaration(maxPacketSize: size, transactionsPerInterval: mult ?? rawMult ?? 1,
                                            maxBurst: maxBurst, bytesPerInterval: bytesPerInterval)
    }

    func makeBudget() throws -> IsoPacketBudget {
        guard let rateText = rate else { throw ValidationError("--rate is required (or use --table / --bus).") }
        guard let channels else { throw ValidationError("--channels is required (or use --table / --bus).") }
        guard let bits else { throw ValidationError("--bits is required (or use --table / --bus).") }
        let hz = try Self.parseRate(rateText)
        let request = BandwidthRequest(speed: speed!, sampleRate: hz, channels: channels, subslotBytes: subslot,
                                       bitResolution: bits, syncType: sync, bInterval: interval, endpoint: try declaration())
        do {
            return try IsoPacketBudget(request)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func makeTable() throws -> BandwidthChannelTable {
        let rateList = try rateList() ?? BandwidthChannelTable.defaultRates
        let subslots = subslot.map { [$0] } ?? [2, 3, 4]
        do {
            return try BandwidthChannelTable(speed: speed!, bInterval: interval, syncType: sync, endpoint: try declaration(),
                                             rates: rateList, subslotSizes: subslots)
        } catch let e as BandwidthInputError {
            throw ValidationError(e.message)
        }
    }

    func makeBusReport() throws -> BusTimeReport {
        let endpoints = try bus.enumerated().map { try Self.parseBusEndpoint($1, index: $0 + 1) }
        do {
            return try BusTimeReport(speed: speed!, endpoints: endpoints)
        } catch {
            throw ValidationError(error.message)
        }
    }

    // MARK: - Run

    func rateList() throws -> [Int]? {
        try rates?.split(separator: ",").map { try Self.parseRate(String($0)) }
    }

    func run() throws {
        if let path = descriptors {
            try runDescriptors(path)
            return
        }
        if table {
            let t = try makeTable()
            print(json ? try Self.encode(BandwidthTableOutput(table: t)) : BandwidthTextOutput.table(t))
            return
        }
        var budget: IsoPacketBudget? = nil
        if rate != nil || channels != nil || bits != nil || bus.isEmpty { budget = try makeBudget() }
        let busReport = bus.isEmpty ? nil : try makeBusReport()
        if json {
            print(try Self.encode(BandwidthVerdictOutput(budget: budget, busTime: busReport)))
        } else {
            var parts: [String] = []
            if let budget { parts.append(BandwidthTextOutput.budget(budget)) }
            if let busReport { parts.append(BandwidthTextOutput.bus(busReport)) }
            print(parts.joined(separator: "\n\n"))
        }
        let fits = (budget.map { $0.verdict == .fits } ?? true) && (busReport.map { $0.verdict == .fits } ?? true)
        if !fits { throw ExitCode(1) }
    }

    /// Per-alt verdicts for every device in a descriptor file.
    func runDescriptors(_ path: String) throws {
        let input: DecodedInput
        do {
            input = try InputReader.read(path: path)
        } catch {
            FileHandle.standardError.write(Data("uac2: \(error)\n".utf8))
            throw ExitCode(66)
        }
        guard !input.devices.isEmpty else {
            let why = input.diagnostics.map(\.description).joined(separator: "; ")
            FileHandle.standardError.write(Data("uac2: no device decoded from \(path)\(why.isEmpty ? "" : ": " + why)\n".utf8))
            throw ExitCode(2)
        }
        let given = try rateList()
        let reports = input.devices.map { BandwidthDeviceReport(BandwidthDeviceInput(device: $0), speed: speed, rates: given) }
        if json {
            print(try Self.encode(BandwidthDeviceOutput(file: path, devices: reports)))
        } else {
            var out: [String] = []
            for (device, report) in zip(input.devices, reports) {
                if input.devices.count > 1 { out.append(device.label ?? "device") }
                out.append(contentsOf: report.textLines().map { BandwidthTextOutput.wrap($0, width: 110, hanging: 4) })
            }
            print(out.joined(separator: "\n"))
        }
        if reports.contains(where: \.hasProblem) { throw ExitCode(1) }
    }

    // MARK: - Parsing helpers

    static func parseInteger(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasPrefix("0x") { return Int(t.dropFirst(2), radix: 16) }
        return Int(t)
    }

    /// "48000", "48k", "44.1k", "44.1kHz", "352.8 kHz" → Hz, exactly (no floating point).
    static func parseRate(_ text: String) throws -> Int {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
        if t.hasSuffix("hz") { t.removeLast(2) }
        var scale = 1
        if t.hasSuffix("k") { t.removeLast(); scale = 1000 }
        let pieces = t.split(separator: ".", omittingEmptySubsequences: false)
        guard !t.isEmpty, pieces.count <= 2, pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              !pieces[0].isEmpty, pieces[0].count <= 12 else {
            throw ValidationError("Rate '\(text)' is not a number of Hz (examples: 48000, 48k, 44.1k).")
        }
        var value = Int(pieces[0])! * scale
        if pieces.count == 2 {
            let frac = pieces[1]
            // Checked before the digits are multiplied up: 20 fraction digits overflow an Int.
            guard frac.count <= 9 else { throw ValidationError("Rate '\(text)' is not a whole number of Hz.") }
            var digits = 0
            var fracValue = 0
            for ch in frac { fracValue = fracValue * 10 + Int(String(ch))!; digits += 1 }
            var div = 1
            for _ in 0..<digits { div *= 10 }
            guard digits <= 9, (fracValue * scale) % div == 0 else {
                throw ValidationError("Rate '\(text)' is not a whole number of Hz.")
            }
            value += fracValue * scale / div
        }
        // Every command that takes rates sizes packets from them: outside what a clock can state,
        // the arithmetic means nothing (and 10^15 Hz times channels times 2^15 overflows).
        guard value >= 1 && value <= 0xFFFF_FFFF else {
            throw ValidationError("Rate '\(text)' is \(value) Hz: a sample rate is 1 Hz to 4294967295 Hz (the 32-bit clock frequency of UAC2).")
        }
        return value
    }

    static func parseBusEndpoint(_ text: String, index: Int) throws -> BusTimeEndpoint {
        // [int-]in|out:BYTES[xMULT][@bInterval]
        var t = text.lowercased()
        var type = BandwidthTransferType.isochronous
        if t.hasPrefix("int-") { type = .interrupt; t.removeFirst(4) }
        let parts = t.split(separator: ":")
        guard parts.count == 2, let dir = BandwidthDirection(rawValue: String(parts[0])) else {
            throw ValidationError("--bus '\(text)': expected [int-]in|out:BYTES[xMULT][@bInterval], e.g. in:588 or out:1024x2@1.")
        }
        var rest = String(parts[1])
        var interval = 1, mult = 1
        if let at = rest.firstIndex(of: "@") {
            guard let v = Int(rest[rest.index(after: at)...]) else { throw ValidationError("--bus '\(text)': bInterval after @ is not a number.") }
            interval = v
            rest = String(rest[..<at])
        }
        if let x = rest.firstIndex(of: "x") {
            guard let v = Int(rest[rest.index(after: x)...]) else { throw ValidationError("--bus '\(text)': transactions after x is not a number.") }
            mult = v
            rest = String(rest[..<x])
        }
        guard let bytes = Int(rest) else { throw ValidationError("--bus '\(text)': byte count is not a number.") }
        let label = "EP\(index) \(type == .interrupt ? "interrupt" : "iso")"
        return BusTimeEndpoint(label: label, direction: dir, transferType: type, bytesPerTransaction: bytes,
                               transactionsPerInterval: mult, bInterval: interval)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension SyncType: ExpressibleByArgument {
    /// `--sync async` as before, or the long name (`asynchronous`) the model prints.
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["sync", "async", "adaptive", "none"] }
}

/// JSON envelope of a verdict; schemaVersion changes only when a key changes meaning or goes away.
struct BandwidthVerdictOutput: Encodable {
    let schemaVersion = 1
    let kind = "bandwidth"
    let budget: IsoPacketBudget?
    let busTime: BusTimeReport?
}

struct BandwidthDeviceOutput: Encodable {
    let schemaVersion = 1
    let kind = "bandwidth-device"
    let file: String
    let devices: [BandwidthDeviceReport]
}

struct BandwidthTableOutput: Encodable {
    let schemaVersion = 1
    let kind = "bandwidth-table"
    let table: BandwidthChannelTable
}
