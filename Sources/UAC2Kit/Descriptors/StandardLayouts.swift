/// USB 2.0 chapter 9 and USB 3.x standard descriptors.
public enum StandardLayouts {
    public static let device = DescriptorLayout(id: "DEVICE", title: "Device Descriptor", fields: stdHeader + [
        .u16("bcdUSB", .bcd), .u8("bDeviceClass", .names(.classCode)), .u8("bDeviceSubClass"), .u8("bDeviceProtocol"),
        .u8("bMaxPacketSize0"), .u16("idVendor", .hex), .u16("idProduct", .hex), .u16("bcdDevice", .bcd),
        .u8("iManufacturer", .stringIndex), .u8("iProduct", .stringIndex), .u8("iSerialNumber", .stringIndex),
        .u8("bNumConfigurations"),
    ], lsusbNames: ["iSerial": "iSerialNumber"])

    static let configurationFields: [FieldSpec] = stdHeader + [
        .u16("wTotalLength"), .u8("bNumInterfaces"), .u8("bConfigurationValue"), .u8("iConfiguration", .stringIndex),
        .u8("bmAttributes", .configAttributes), .u8("bMaxPower", .maxPower),
    ]
    public static let configuration = DescriptorLayout(id: "CONFIGURATION", title: "Configuration Descriptor",
                                                       fields: configurationFields)
    public static let otherSpeedConfiguration = DescriptorLayout(id: "OTHER_SPEED_CONFIGURATION",
        title: "Other Speed Configuration Descriptor", fields: configurationFields)

    public static let interface = DescriptorLayout(id: "INTERFACE", title: "Interface Descriptor", fields: stdHeader + [
        .u8("bInterfaceNumber"), .u8("bAlternateSetting"), .u8("bNumEndpoints"),
        .u8("bInterfaceClass", .names(.classCode)), .u8("bInterfaceSubClass"), .u8("bInterfaceProtocol", .hex),
        .u8("iInterface", .stringIndex),
    ])

    /// Audio class endpoints carry two extra bytes (UAC1 §4.6.1.1); UAC2 endpoints are the standard 7.
    public static let endpoint = DescriptorLayout(id: "ENDPOINT", title: "Endpoint Descriptor", fields: stdHeader + [
        .u8("bEndpointAddress", .endpointAddress), .u8("bmAttributes", .endpointAttributes),
        .u16("wMaxPacketSize", .maxPacketSize), .u8("bInterval", .interval),
        FieldSpec("bRefresh", width: .bytes(1), count: .optional),
        FieldSpec("bSynchAddress", width: .bytes(1), count: .optional, display: .hex),
    ])

    public static let deviceQualifier = DescriptorLayout(id: "DEVICE_QUALIFIER", title: "Device Qualifier", fields: stdHeader + [
        .u16("bcdUSB", .bcd), .u8("bDeviceClass", .names(.classCode)), .u8("bDeviceSubClass"), .u8("bDeviceProtocol"),
        .u8("bMaxPacketSize0"), .u8("bNumConfigurations"), .u8("bReserved"),
    ])

    public static let interfaceAssociation = DescriptorLayout(id: "INTERFACE_ASSOCIATION",
        title: "Interface Association", fields: stdHeader + [
        .u8("bFirstInterface"), .u8("bInterfaceCount"), .u8("bFunctionClass", .names(.classCode)),
        .u8("bFunctionSubClass"), .u8("bFunctionProtocol", .hex), .u8("iFunction", .stringIndex),
    ])

    public static let string = DescriptorLayout(id: "STRING", title: "String Descriptor", fields: stdHeader + [
        .array("wData", width: 2, count: .remaining(reserve: 0), .hex),
    ])

    public static let bos = DescriptorLayout(id: "BOS", title: "Binary Object Store Descriptor", fields: stdHeader + [
        .u16("wTotalLength"), .u8("bNumDeviceCaps"),
    ])

    public static let deviceCapability = DescriptorLayout(id: "DEVICE_CAPABILITY", title: "Device Capability",
        fields: stdHeader + [.u8("bDevCapabilityType", .names(.deviceCapabilityType))],
        variantSelector: "bDevCapabilityType", variants: [
            2: [.u32("bmAttributes", .hex)],
            3: [.u8("bmAttributes", .hex), .u16("wSpeedsSupported", .bitmap(["Low Speed", "Full Speed", "High Speed", "SuperSpeed"])),
                .u8("bFunctionalitySupport"), .u8("bU1DevExitLat"), .u16("wU2DevExitLat")],
            4: [.u8("bReserved"), .array("ContainerID", count: .fixed(16), .hex)],
            10: [.u8("bReserved"), .u32("bmAttributes", .hex), .u16("wFunctionalitySupport", .hex), .u16("wReserved"),
                 .array("bmSublinkSpeedAttr", width: 4, count: .remaining(reserve: 0), .hex)],
        ], lsusbNames: ["bU2DevExitLat": "wU2DevExitLat"])

    public static let ssEndpointCompanion = DescriptorLayout(id: "SS_ENDPOINT_COMPANION",
        title: "SuperSpeed Endpoint Companion", fields: stdHeader + [
        .u8("bMaxBurst"), .u8("bmAttributes", .hex), .u16("wBytesPerInterval"),
    ])

    public static let sspIsocEndpointCompanion = DescriptorLayout(id: "SSP_ISOC_ENDPOINT_COMPANION",
        title: "SuperSpeedPlus Isochronous Endpoint Companion", fields: stdHeader + [
        .u16("wReserved"), .u32("dwBytesPerInterval"),
    ])

    public static let hid = DescriptorLayout(id: "HID", title: "HID Device Descriptor", fields: stdHeader + [
        .u16("bcdHID", .bcd), .u8("bCountryCode"), .u8("bNumDescriptors"),
        .array("bDescriptorType/wDescriptorLength", width: 3, count: .remaining(reserve: 0), .hex),
    ])

    public static let dfuFunctional = DescriptorLayout(id: "DFU_FUNCTIONAL", title: "Device Firmware Upgrade Interface Descriptor",
        fields: stdHeader + [.u8("bmAttributes", .hex), .u16("wDetachTimeout"), .u16("wTransferSize"), .u16("bcdDFUVersion", .bcd)])

    /// Anything we have no table for: kept byte for byte.
    public static let unknown = DescriptorLayout(id: "UNKNOWN", title: "Unrecognized Descriptor", fields: stdHeader)

    public static let all: [DescriptorLayout] = [device, configuration, otherSpeedConfiguration, interface, endpoint,
        deviceQualifier, interfaceAssociation, string, bos, deviceCapability, ssEndpointCompanion,
        sspIsocEndpointCompanion, hid, dfuFunctional, unknown]
}
