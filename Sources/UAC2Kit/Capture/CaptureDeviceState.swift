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
    var summaries: [UInt8: CaptureConfigSummary] = [:]   // by bConfigurationValue
    var clockRates: [UInt8: Int] = [:]
    var endpointRates: [UInt8: Int] = [:]
    var lastRate: Int?
    var streams: [StreamKey: CaptureStreamAccumulator] = [:]
    var streamOrder: [StreamKey] = []
    var qualifierAnswered = false

    init(key: CaptureDeviceKey) { self.key = key }

    var deviceDescriptor: [UInt8]? { descriptors[DescriptorKey(type: 1, index: 0, langID: 0)] }

    /// The configuration in use: the one SET_CONFIGURATION chose, else the only/first one read.
    var summary: CaptureConfigSummary? {
        if let v = configurationValue, let s = summaries[v] { return s }
        return summaries.values.min(by: { $0.bConfigurationValue < $1.bConfigurationValue })
    }

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
                let s = CaptureConfigSummary(bytes: Array(full.prefix(total)))
                summaries[s.bConfigurationValue] = s
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
    func rate(for alt: CaptureConfigSummary.AltSetting?, endpoint: UInt8, summary: CaptureConfigSummary?) -> Int? {
        if let r = endpointRates[endpoint] { return r }
        if let a = alt, let s = summary, let link = a.bTerminalLink, let term = s.entities[link],
           let clock = term.clockSourceID, let r = clockRates[clock] {
            return r
        }
        if let a = alt, a.discreteRates.count == 1 { return a.discreteRates[0] }
        return lastRate
    }
}
