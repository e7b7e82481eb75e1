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
              settings active together exceed the bus time, at any speed
              judged when the file does not prove one)
          65  --descriptors: no device could be decoded from the file (as
              check and decode exit for an unreadable input)
          66  --descriptors: the file is missing or unreadable
          64  bad arguments
        """)

    @Option(help: "Bus speed (required except with --descriptors, where it overrides what the file proves; without it an unproven speed is judged at full and at high speed).")
    var speed: USBSpeed?

    @Option(help: ArgumentHelp("A descriptor file (lsusb -v text, raw blob, hex, Windows dump, capture, firmware source or image), read as check and decode read it: verdicts for every streaming alt.",
                               valueName: "file"))
    var descriptors: String?

    @Option(name: .long, help: ArgumentHelp("With --descriptors: input format instead of detecting it: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var format: InputFormat?

    @Option(name: .customLong("symbol"), help: ArgumentHelp("With --descriptors: ELF data symbol holding descriptor bytes (repeatable), as for check.", valueName: "name"))
    var symbols: [String] = []

    @Option(name: .customLong("cc"), help: ArgumentHelp("With --descriptors: compile C/C++ source with this host compiler command, as for check.", valueName: "command"))
    var cc: String?

    @Option(help: ArgumentHelp("Sample rate in Hz, or with a k suffix: 48000, 48k, 44.1k.", valueName: "rate"),
            transform: SampleRate.init(parsing:))
    var rate: SampleRate?

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
            help: ArgumentHelp("Declared wMaxPacketSize: the size (bits 10..0), or the whole word in hex (0x0A4C = 2 × 588).", valueName: "max-packet"),
            transform: MaxPacketArgument.init(parsing:))
    var maxPacket: MaxPacketArgument?

    @Option(name: .customLong("max-burst"), help: "SuperSpeed companion bMaxBurst (0-15).")
    var maxBurst: Int?

    @Option(name: .customLong("bytes-per-interval"), help: "SuperSpeed wBytesPerInterval / SuperSpeedPlus dwBytesPerInterval.")
    var bytesPerInterval: Int?

    @Flag(help: "Print the maximum channel count by rate × subslot size instead of one verdict.")
    var table = false

    @Option(help: ArgumentHelp("Rates for --table or --descriptors, comma separated (--table default 44.1k,48k,88.2k,96k,176.4k,192k,352.8k,384k).", valueName: "rates"),
            transform: SampleRateList.init(parsing:))
    var rates: SampleRateList?

    @Option(help: ArgumentHelp("A periodic endpoint for the bus-time check (repeatable): [int-]in|out:BYTES[xMULT][@bInterval].", valueName: "bus"),
            transform: BusEndpointArgument.init(parsing:))
    var bus: [BusEndpointArgument] = []

    @Flag(help: "Print JSON (stable keys, with schemaVersion) instead of text.")
    var json = false

    // MARK: - Validation

    func validate() throws {
        if descriptors != nil {
            if table || !bus.isEmpty || rate != nil || channels != nil || bits != nil {
                throw ValidationError("--descriptors takes its formats from the file; combine it only with --speed, --rates, --format, --symbol, --cc and --json.")
            }
            return
        }
        if format != nil || !symbols.isEmpty || cc != nil {
            throw ValidationError("--format, --symbol and --cc say how to read --descriptors FILE; give that file.")
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
        if let m = mult, let r = maxPacket?.transactions, m != r {
            throw ValidationError("--mult \(m) contradicts the transaction bits of --max-packet \(maxPacket!.text) (\(r) transactions).")
        }
        return BandwidthEndpointDeclaration(maxPacketSize: maxPacket?.size, transactionsPerInterval: mult ?? maxPacket?.transactions ?? 1,
                                            maxBurst: maxBurst, bytesPerInterval: bytesPerInterval)
    }

    func makeBudget() throws -> IsoPacketBudget {
        guard let rate else { throw ValidationError("--rate is required (or use --table / --bus).") }
        guard let channels else { throw ValidationError("--channels is required (or use --table / --bus).") }
        guard let bits else { throw ValidationError("--bits is required (or use --table / --bus).") }
        let request = BandwidthRequest(speed: speed!, sampleRate: rate.hz, channels: channels, subslotBytes: subslot,
                                       bitResolution: bits, syncType: sync, bInterval: interval, endpoint: try declaration())
        do {
            return try IsoPacketBudget(request)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func makeTable() throws -> BandwidthChannelTable {
        let rateList = rates?.hz ?? BandwidthChannelTable.defaultRates
        let subslots = subslot.map { [$0] } ?? [2, 3, 4]
        do {
            return try BandwidthChannelTable(speed: speed!, bInterval: interval, syncType: sync, endpoint: try declaration(),
                                             rates: rateList, subslotSizes: subslots)
        } catch let e as BandwidthInputError {
            throw ValidationError(e.message)
        }
    }

    func makeBusReport() throws -> BusTimeReport {
        let endpoints = bus.enumerated().map { $1.endpoint(index: $0 + 1) }
        do {
            return try BusTimeReport(speed: speed!, endpoints: endpoints)
        } catch {
            throw ValidationError(error.message)
        }
    }

    // MARK: - Run

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
        // The loader check and decode use: the same formats, options and messages.
        let (inputs, unreadable) = InputLoader(format: format, symbols: symbols, cc: cc).load([path])
        guard !unreadable, let input = inputs.first else { throw ExitCode(66) }
        // The same test as check's: an input from which not one descriptor was read is unreadable.
        guard input.devices.contains(where: { !$0.sequence.isEmpty }) else {
            let why = input.diagnostics.map(\.description).joined(separator: "; ")
            FileHandle.standardError.write(Data("uac2: no device decoded from \(path)\(why.isEmpty ? "" : ": " + why)\n".utf8))
            throw ExitCode(65)
        }
        let given = rates?.hz
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
