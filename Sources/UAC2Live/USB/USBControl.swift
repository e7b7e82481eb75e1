#if Live
import CLibUSB

/// Outcome of one control transfer on endpoint 0, kept as data: a stall or a timeout is a
/// finding about the device, not an error of the probe.
public enum ControlOutcome: Sendable, Equatable {
    case data([UInt8])
    case stall
    case timeout
    case busy
    case noDevice
    case failed(String)

    public var label: String {
        switch self {
        case .data(let b): return "\(b.count) bytes"
        case .stall: return "stall"
        case .timeout: return "timeout"
        case .busy: return "busy"
        case .noDevice: return "no device"
        case .failed(let m): return m
        }
    }
}

extension USBSession {
    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int) -> ControlOutcome {
        #if os(Linux)
        // usbfs refuses a control transfer longer than 4,096 bytes with EINVAL, which libusb reports
        // only as "Invalid parameter"; a GET RANGE of 342 subranges or more asks for that much.
        if length > USBSession.usbfsControlLimit {
            return .failed("not sent: \(length) bytes asked for, more than the \(USBSession.usbfsControlLimit) bytes Linux usbfs allows in one control transfer")
        }
        #endif
        var buf = [UInt8](repeating: 0, count: max(length, 1))
        let r = buf.withUnsafeMutableBufferPointer {
            libusb_control_transfer(handle, requestType, request, value, index, $0.baseAddress,
                                    UInt16(length), USBSession.controlTimeoutMs)
        }
        return ControlOutcome(r, buf)
    }

    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8]) -> ControlOutcome {
        var buf = data
        let r = buf.withUnsafeMutableBufferPointer {
            libusb_control_transfer(handle, requestType, request, value, index, $0.baseAddress,
                                    UInt16(data.count), USBSession.controlTimeoutMs)
        }
        return ControlOutcome(r, [])
    }

    /// GET_DESCRIPTOR as a control transfer: what the device answers now, not a cache.
    public func getDescriptor(type: UInt8, index: UInt8, length: Int) -> ControlOutcome {
        controlIn(requestType: 0x80, request: 6, value: UInt16(type) << 8 | UInt16(index), index: 0, length: length)
    }
}

extension USBSession {
    /// The longest control transfer usbfs accepts: one page (proc_control in drivers/usb/core/devio.c
    /// refuses wLength > PAGE_SIZE, 4,096 bytes on the machines the probe runs on).
    public static let usbfsControlLimit = 4096
}

extension ControlOutcome {
    init(_ r: Int32, _ buf: [UInt8]) {
        if r >= 0 { self = .data(Array(buf.prefix(Int(r)))); return }
        switch r {
        case LIBUSB_ERROR_PIPE.rawValue: self = .stall
        case LIBUSB_ERROR_TIMEOUT.rawValue: self = .timeout
        case LIBUSB_ERROR_BUSY.rawValue: self = .busy
        case LIBUSB_ERROR_NO_DEVICE.rawValue: self = .noDevice
        default: self = .failed(USBSession.message(r))
        }
    }
}
#endif
