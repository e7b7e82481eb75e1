/// What the capture showed the host doing with one device.
final class CaptureDeviceState {
    struct DescriptorKey: Hashable { var type: UInt8; var index: UInt8; var langID: UInt16 }
    struct StreamKey: Hashable {
        var endpoint: UInt8
        var interface: Int
        var alt: Int
        var rate: Int
    }

    static let maximumRequests = 20_000

    let key: CaptureDeviceKey
    var descriptors: [DescriptorKey: [UInt8]] = [:]
    var descriptorOrder: [DescriptorKey] = []
    var standardRequests: [CaptureStandardRequest] = []
    var classRequests: [CaptureClassRequest] = []
    var altChanges: [CaptureAltChange] = []
    var requestsDropped = 0
    var configurationValue: UInt8?
    var activeAlts: [UInt8: UInt8] = [:]
    /// Complete configurations the host read, decoded into the model, by bConfigurationValue.
    var configurations: [UInt8: Configuration] = [:]
    /// Their audio functions (entities by id), worked out once per configuration read.
    var functionsByConfiguration: [UInt8: [AudioFunction]] = [:]
    var clockRates: [UInt8: Int] = [:]
    var endpointRates: [UInt8: Int] = [:]
    var lastRate: Int?
    var streams: [StreamKey: CaptureStreamAccumulator] = [:]
    var streamOrder: [StreamKey] = []
    var qualifierAnswered = false

    init(key: CaptureDeviceKey) { self.key = key }

    var deviceDescriptor: [UInt8]? { descriptors[DescriptorKey(type: 1, index: 0, langID: 0)] }

    /// The value of the configuration in use: the one SET_CONFIGURATION chose, else the lowest one read.
    var activeConfigurationValue: UInt8? {
        if let v = configurationValue, configurations[v] != nil { return v }
        return configurations.keys.min()
    }

    /// The configuration in use.
    var configuration: Configuration? { activeConfigurationValue.flatMap { configurations[$0] } }

    /// The audio functions of the configuration in use.
    var functions: [AudioFunction] { activeConfigurationValue.flatMap { functionsByConfiguration[$0] } ?? [] }

    /// Keeps the longest response per descriptor; returns how many bytes more are held.
    @discardableResult
    func record(descriptor type: UInt8, index: UInt8, langID: UInt16, data: [UInt8]) -> Int {
        let k = DescriptorKey(type: type, index: index, langID: type == 3 ? langID : 0)
        var added = 0
        if let old = descriptors[k] {
            if data.count > old.count { descriptors[k] = data; added = data.count - old.count }
        } else {
            descriptors[k] = data
            descriptorOrder.append(k)
            added = data.count
        }
        if type == 2, let full = descriptors[k], full.count >= 4 {
            let total = Int(full[2]) | Int(full[3]) << 8
            if full.count >= total && full.count >= 9 {
                if let c = Configuration.decoded(from: Array(full.prefix(total))) {
                    let value = UInt8(truncatingIfNeeded: c.value)
                    configurations[value] = c
                    functionsByConfiguration[value] = c.audioFunctions
                }
            }
        }
        if type == 6 { qualifierAnswered = true }
        return added
    }

    func addStandard(_ r: CaptureStandardRequest) {
        if standardRequests.count < Self.maximumRequests { standardRequests.append(r) } else { requestsDropped += 1 }
    }

    func addClass(_ r: CaptureClassRequest) {
        if classRequests.count < Self.maximumRequests { classRequests.append(r) } else { requestsDropped += 1 }
    }

    /// The sampling rate the host last set for the alt that owns `endpoint`.
    /// UAC2/UAC3: the rate set on the clock source of the alt's terminal; UAC1: the endpoint's
    /// SAMPLING_FREQ, or the one rate its format lists.
    func rate(for alt: AltSetting?, endpoint: UInt8) -> Int? {
        if let r = endpointRates[endpoint] { return r }
        let stream = alt?.audioStream
        if let a = alt, let link = stream?.terminalLink, let term = functions.entity(link, interface: a.interfaceNumber),
           term.kind.isTerminal, let clock = term.clockSourceIDs.first, let r = clockRates[UInt8(truncatingIfNeeded: clock)] {
            return r
        }
        if case .discrete(let rates)? = stream?.sampleRates, rates.count == 1 { return rates[0] }
        return lastRate
    }
}
