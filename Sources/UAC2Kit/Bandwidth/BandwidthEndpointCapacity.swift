/// How many bytes one service interval of an isochronous endpoint can carry: what it declares, what
/// the engine compares against (declared values clamped to what the speed can carry, as Linux
/// usbcore clamps them), and the most the speed allows at all.
public struct BandwidthEndpointCapacity: Codable, Sendable, Equatable {
    /// Bytes per service interval the descriptor declares, or nil when nothing was declared.
    public let declaredBytes: Int?
    /// Bytes per transaction (per packet at full speed) used for the transaction count.
    public let bytesPerTransaction: Int
    /// Transactions (HS) or bursts (SS) per service interval.
    public let transactions: Int
    /// What the packet is compared against.
    public let availableBytes: Int
    /// The most one isochronous endpoint can carry per service interval at this speed.
    public let speedLimitBytes: Int
    /// Largest single transaction (packet) at this speed.
    public let transactionLimitBytes: Int
    public let notes: [String]

    /// USB 2.0 §5.6.3 / [CFG] full_speed_maxpacket_maxes: 1023 B per FS iso packet, 1024 B per HS
    /// transaction, up to 3 transactions per microframe; SuperSpeed: 1024 B × 16 burst × Mult 3.
    public static let fullSpeedMaxPacket = 1023
    public static let highSpeedMaxTransaction = 1024
    public static let superSpeedMaxPerInterval = 1024 * 16 * 3

    public static func of(_ request: BandwidthRequest) -> BandwidthEndpointCapacity {
        let ep = request.endpoint
        var notes: [String] = []
        switch request.speed {
        case .full, .low:
            let limit = fullSpeedMaxPacket
            if let size = ep.maxPacketSize, size > limit {
                notes.append("wMaxPacketSize \(size) is above the full-speed isochronous maximum of \(limit) B; Linux logs \"has invalid maxpacket \(size), setting to \(limit)\" and uses \(limit).")
            }
            let size = min(ep.maxPacketSize ?? limit, limit)
            return BandwidthEndpointCapacity(declaredBytes: ep.maxPacketSize, bytesPerTransaction: size, transactions: 1,
                                             availableBytes: size, speedLimitBytes: limit, transactionLimitBytes: limit, notes: notes)
        case .high:
            let limit = highSpeedMaxTransaction
            let mult = ep.transactionsPerInterval
            if let size = ep.maxPacketSize {
                if size > limit {
                    notes.append("wMaxPacketSize size \(size) is above the high-speed maximum of \(limit) B per transaction; Linux logs \"has invalid maxpacket \(size), setting to \(limit)\".")
                }
                // USB 2.0 Table 9-14: the size ranges that make 2 or 3 transactions meaningful.
                if mult == 2 && size < 513 {
                    notes.append("With 2 transactions per microframe USB 2.0 Table 9-14 requires a size of 513-1024 B; \(size) B would fit in one transaction.")
                } else if mult == 3 && size < 683 {
                    notes.append("With 3 transactions per microframe USB 2.0 Table 9-14 requires a size of 683-1024 B; \(size) B would fit in two transactions.")
                }
            }
            let size = min(ep.maxPacketSize ?? limit, limit)
            return BandwidthEndpointCapacity(declaredBytes: ep.maxPacketSize.map { $0 * mult }, bytesPerTransaction: size,
                                             transactions: mult, availableBytes: size * mult, speedLimitBytes: limit * 3,
                                             transactionLimitBytes: limit, notes: notes)
        case .super, .superPlus:
            let limit = highSpeedMaxTransaction
            let size = min(ep.maxPacketSize ?? limit, limit)
            let bursts = (ep.maxBurst ?? 0) + 1
            let structural = size * bursts * ep.transactionsPerInterval
            if let size = ep.maxPacketSize, size > limit {
                notes.append("wMaxPacketSize \(size) is above the SuperSpeed maximum of \(limit) B per packet.")
            }
            let speedLimit = request.speed == .super ? superSpeedMaxPerInterval : Int(UInt32.max)
            var available = structural
            if let bpi = ep.bytesPerInterval {
                if request.speed == .super {
                    if bpi > structural {
                        notes.append("wBytesPerInterval \(bpi) is more than wMaxPacketSize × (bMaxBurst+1) × Mult = \(structural) B can carry.")
                    }
                    available = min(bpi, structural)
                } else {
                    // The SSP isochronous companion's dwBytesPerInterval replaces the SS arithmetic.
                    available = bpi
                }
            } else if request.speed == .superPlus {
                notes.append("No dwBytesPerInterval given; the SuperSpeed companion arithmetic (\(structural) B) was assumed.")
            }
            let declared: Int? = ep.bytesPerInterval ?? ((ep.maxPacketSize != nil || ep.maxBurst != nil) ? structural : nil)
            return BandwidthEndpointCapacity(declaredBytes: declared, bytesPerTransaction: size, transactions: bursts * ep.transactionsPerInterval,
                                             availableBytes: available, speedLimitBytes: speedLimit, transactionLimitBytes: limit, notes: notes)
        }
    }
}
