#if Live
import CLibUSB
import UAC2Kit
#if canImport(Glibc)
import Glibc
#endif

/// One opened USB device and everything the probe changed on it. `restore()` undoes it in
/// reverse: alt settings back to 0, interfaces released, kernel drivers re-attached. It runs
/// on every exit path (success, error, SIGINT/SIGTERM) because ProbeUSB wraps its work in
/// `defer { session.restore() }`.
public final class USBSession {
    let ctx: OpaquePointer
    let device: OpaquePointer
    public let handle: OpaquePointer
    public let bus: Int
    public let address: Int
    /// libusb_get_device_speed; nil when libusb cannot tell.
    public let linkSpeed: USBSpeed?
    /// The speed streaming is timed in: an unknown link speed counts in 125 µs microframes.
    public var speed: USBSpeed { linkSpeed ?? .high }
    private var claimed: [Int] = []
    private var detached: [Int] = []
    /// Interfaces of the audio function whose driver was detached, AudioControl first.
    private var attachOrder: [Int] = []
    private var altChanged: Set<Int> = []
    public private(set) var cleanupLog: [String] = []
    public static let controlTimeoutMs: UInt32 = 1000

    /// "VID:PID" (hex) or "BUS:ADDR" (decimal, as lsusb prints them).
    public enum Selector: Sendable, CustomStringConvertible {
        case ids(vendor: UInt16, product: UInt16)
        case location(bus: Int, address: Int)

        public init?(_ s: String) {
            let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            let decimal = parts.allSatisfy { $0.count <= 3 && $0.allSatisfy(\.isNumber) }
            if decimal, let b = Int(parts[0]), let a = Int(parts[1]) {
                self = .location(bus: b, address: a)
            } else if parts.allSatisfy({ $0.count <= 4 }), let v = UInt16(parts[0], radix: 16),
                      let p = UInt16(parts[1], radix: 16) {
                self = .ids(vendor: v, product: p)
            } else {
                return nil
            }
        }

        public var description: String {
            switch self {
            case .ids(let v, let p): return hex4(Int(v)) + ":" + hex4(Int(p))
            case .location(let b, let a): return String(format3(b)) + ":" + format3(a)
            }
        }
    }

    public static func open(_ sel: Selector) throws -> USBSession {
        var c: OpaquePointer?
        var r = libusb_init(&c)
        guard r == 0, let ctx = c else { throw ProbeError.unsupported("libusb_init failed: \(USBSession.message(r))") }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let n = libusb_get_device_list(ctx, &list)
        guard n >= 0, let list else {
            libusb_exit(ctx)
            throw ProbeError.io("cannot list USB devices: \(USBSession.message(Int32(n)))")
        }
        defer { libusb_free_device_list(list, 1) }
        var found: OpaquePointer?
        for i in 0..<Int(n) {
            guard let d = list[i] else { continue }
            var desc = libusb_device_descriptor()
            guard libusb_get_device_descriptor(d, &desc) == 0 else { continue }
            switch sel {
            case .ids(let v, let p): if desc.idVendor == v && desc.idProduct == p { found = d }
            case .location(let b, let a):
                if Int(libusb_get_bus_number(d)) == b && Int(libusb_get_device_address(d)) == a { found = d }
            }
            if found != nil { break }
        }
        guard let dev = found else {
            libusb_exit(ctx)
            throw ProbeError.notFound("no USB device \(sel) (see `uac2 probe` for the list)")
        }
        let bus = Int(libusb_get_bus_number(dev)), addr = Int(libusb_get_device_address(dev))
        var h: OpaquePointer?
        r = libusb_open(dev, &h)
        guard r == 0, let handle = h else {
            libusb_exit(ctx)
            let node = "/dev/bus/usb/\(format3(bus))/\(format3(addr))"
            switch r {
            case LIBUSB_ERROR_ACCESS.rawValue:
                throw ProbeError.permission("no permission to open \(node) (\(sel)): run as root or add a udev rule giving your user access")
            case LIBUSB_ERROR_NO_DEVICE.rawValue:
                throw ProbeError.notFound("USB device \(sel) went away before it could be opened")
            case LIBUSB_ERROR_BUSY.rawValue:
                throw ProbeError.busy("USB device \(sel) is busy")
            default:
                throw ProbeError.io("cannot open \(node) (\(sel)): \(USBSession.message(r))")
            }
        }
        libusb_ref_device(dev)
        return USBSession(ctx: ctx, device: dev, handle: handle, bus: bus, address: addr,
                          speed: USBSpeed(libusb: libusb_get_device_speed(dev)))
    }

    init(ctx: OpaquePointer, device: OpaquePointer, handle: OpaquePointer, bus: Int, address: Int, speed: USBSpeed?) {
        self.ctx = ctx; self.device = device; self.handle = handle
        self.bus = bus; self.address = address; self.linkSpeed = speed
    }

    static func message(_ r: Int32) -> String { String(cString: libusb_strerror(r)) }

    /// Takes an interface for this process: claims it, detaching the kernel driver first only
    /// when allowed. Throws `.busy` naming the driver otherwise.
    ///
    /// `function` lists the interfaces of the audio function `iface` belongs to (AudioControl
    /// first). snd-usb-audio binds them all as one card, from the probe of the AudioControl
    /// interface: detaching only one leaves the others claimed by the old instance, and the
    /// instance the re-attach creates logs "skipping, already claimed" for them and comes back
    /// without their PCMs (seen on Linux 6.1). So the driver is detached from every interface of
    /// the function that has it, and `restore()` re-attaches the AudioControl interface first.
    public func claim(_ iface: Int, detachKernelDriver: Bool, function: [Int] = []) throws {
        if claimed.contains(iface) { return }
        let active = libusb_kernel_driver_active(handle, Int32(iface))
        if active == 1 {
            guard detachKernelDriver else {
                throw ProbeError.busy("interface \(iface) is bound to a kernel driver (snd-usb-audio); rerun with --detach-kernel-driver to take it (it is re-attached on exit; ALSA loses the card meanwhile)")
            }
            if attachOrder.isEmpty { attachOrder = function }
            var group = [iface]
            for i in function where i != iface && !detached.contains(i) && libusb_kernel_driver_active(handle, Int32(i)) == 1 {
                group.append(i)
            }
            for i in group {
                let r = libusb_detach_kernel_driver(handle, Int32(i))
                guard r == 0 else { throw USBSession.error(r, "detaching the kernel driver from interface \(i)") }
                detached.append(i)
            }
            cleanupLog.append(group.count == 1 ? "detached kernel driver from interface \(iface)"
                : "detached kernel driver from interfaces \(group.sorted().map(String.init).joined(separator: ", ")) (the whole audio function: the driver binds them as one card)")
        } else if active == Int32(LIBUSB_ERROR_NO_DEVICE.rawValue) {
            throw ProbeError.io("device disappeared")
        }
        let r = libusb_claim_interface(handle, Int32(iface))
        guard r == 0 else {
            if r == LIBUSB_ERROR_BUSY.rawValue {
                throw ProbeError.busy("interface \(iface) is busy (claimed by another program or driver)")
            }
            throw USBSession.error(r, "claiming interface \(iface)")
        }
        claimed.append(iface)
    }

    public func setAlt(_ iface: Int, _ alt: Int) throws {
        let r = libusb_set_interface_alt_setting(handle, Int32(iface), Int32(alt))
        guard r == 0 else { throw USBSession.error(r, "selecting interface \(iface) alt \(alt)") }
        if alt != 0 {
            altChanged.insert(iface)
        } else if altChanged.remove(iface) != nil {
            cleanupLog.append("interface \(iface) back to alt 0: ok")
        }
    }

    static func error(_ r: Int32, _ what: String) -> ProbeError {
        switch r {
        case LIBUSB_ERROR_NO_DEVICE.rawValue: return .io("device disappeared while \(what)")
        case LIBUSB_ERROR_ACCESS.rawValue: return .permission("no permission for \(what)")
        case LIBUSB_ERROR_BUSY.rawValue: return .busy("busy while \(what)")
        case LIBUSB_ERROR_TIMEOUT.rawValue: return .io("timeout while \(what)")
        case LIBUSB_ERROR_PIPE.rawValue: return .refused("the device stalled \(what)")
        case LIBUSB_ERROR_NOT_FOUND.rawValue, LIBUSB_ERROR_INVALID_PARAM.rawValue:
            return .refused("the device has nothing for \(what): \(message(r))")
        default: return .io("\(what) failed: \(message(r))")
        }
    }

    /// Alt 0 on every interface we moved, release, re-attach what we detached. Best effort:
    /// each step is tried even if an earlier one failed (a vanished device fails them all).
    public func restore() {
        for iface in altChanged.sorted() {
            let r = libusb_set_interface_alt_setting(handle, Int32(iface), 0)
            cleanupLog.append("interface \(iface) back to alt 0: " + (r == 0 ? "ok" : USBSession.message(r)))
        }
        altChanged.removeAll()
        for iface in claimed.reversed() { _ = libusb_release_interface(handle, Int32(iface)) }
        claimed.removeAll()
        // AudioControl first: snd-usb-audio's probe of it claims the function's other interfaces,
        // which are then bound already; attaching them again would fail with "Resource busy".
        let order = attachOrder.filter(detached.contains) + detached.filter { !attachOrder.contains($0) }
        var first: Int?
        for iface in order {
            if let f = first, libusb_kernel_driver_active(handle, Int32(iface)) == 1 {
                cleanupLog.append("interface \(iface): bound again by the kernel driver (claimed when it probed interface \(f))")
                continue
            }
            let r = libusb_attach_kernel_driver(handle, Int32(iface))
            switch r {
            case 0: cleanupLog.append("re-attached kernel driver to interface \(iface): ok")
            case LIBUSB_ERROR_BUSY.rawValue:
                cleanupLog.append("re-attaching the kernel driver to interface \(iface) failed: another program or driver holds it")
            case LIBUSB_ERROR_NOT_FOUND.rawValue:
                cleanupLog.append("re-attaching the kernel driver to interface \(iface): no driver took it")
            default: cleanupLog.append("re-attaching the kernel driver to interface \(iface) failed: " + USBSession.message(r))
            }
            if first == nil { first = iface }
        }
        detached.removeAll()
        attachOrder.removeAll()
    }

    public func close() {
        restore()
        libusb_close(handle)
        libusb_unref_device(device)
        libusb_exit(ctx)
    }

    /// Runs libusb events for up to `timeoutMs`. Under umockdev the device fd always polls
    /// ready, so when a pass completes nothing we yield 0.2 ms instead of spinning; on real
    /// hardware the poll blocks and this never triggers.
    func handleEvents(timeoutMs: Int, progressCounter: () -> Int) {
        let before = progressCounter()
        let t0 = MonotonicClock.now()
        var tv = timeval(tv_sec: timeoutMs / 1000, tv_usec: Int((timeoutMs % 1000) * 1000))
        libusb_handle_events_timeout_completed(ctx, &tv, nil)
        if progressCounter() == before && MonotonicClock.now() - t0 < 0.001 {
            var ts = timespec(tv_sec: 0, tv_nsec: 200_000)
            nanosleep(&ts, nil)
        }
    }
}

extension USBSpeed {
    /// The speed libusb_get_device_speed reports; nil for LIBUSB_SPEED_UNKNOWN.
    init?(libusb s: Int32) {
        switch s {
        case Int32(LIBUSB_SPEED_LOW.rawValue): self = .low
        case Int32(LIBUSB_SPEED_FULL.rawValue): self = .full
        case Int32(LIBUSB_SPEED_HIGH.rawValue): self = .high
        case Int32(LIBUSB_SPEED_SUPER.rawValue): self = .super
        case Int32(LIBUSB_SPEED_SUPER_PLUS.rawValue): self = .superPlus
        default: return nil
        }
    }
    /// Bus (micro)frames per second: the unit feedback values are expressed in.
    public var framesPerSecond: Double { Double(unitsPerSecond) }
    /// Service interval unit of an iso endpoint's bInterval, in seconds.
    public var intervalUnit: Double { Double(intervalUnitMicroseconds) / 1e6 }
}

func hex4(_ v: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

func format3(_ v: Int) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, 3 - s.count)) + s
}
#endif
