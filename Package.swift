// swift-tools-version:6.1
import PackageDescription

// The analysis library (UAC2Kit) has no system dependency. The live probe needs libusb-1.0 and
// ALSA through pkg-config; it is behind the default trait "Live", so
// `swift build --disable-default-traits` builds decode/check/bandwidth/capture without them.
let package = Package(
    name: "uac2",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "uac2", targets: ["uac2"]),
        .library(name: "UAC2Kit", targets: ["UAC2Kit"]),
    ],
    traits: [
        .trait(name: "Live", description: "Live probe through libusb-1.0 and ALSA (needs their -dev packages)"),
        .default(enabledTraits: ["Live"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "UAC2Kit", path: "Sources/UAC2Kit"),
        .systemLibrary(name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
                       providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(name: "CALSA", path: "Sources/CALSA", pkgConfig: "alsa",
                       providers: [.apt(["libasound2-dev"])]),
        .target(name: "UAC2Live", dependencies: ["UAC2Kit", "CLibUSB", "CALSA"], path: "Sources/UAC2Live"),
        .executableTarget(
            name: "uac2",
            dependencies: [
                "UAC2Kit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "UAC2Live", condition: .when(traits: ["Live"])),
            ],
            path: "Sources/uac2"),
        .testTarget(name: "UAC2KitTests", dependencies: ["UAC2Kit"], path: "Tests/UAC2KitTests"),
        // Live probe against the simulators Tools/sim/build makes (runs the built uac2 binary).
        .testTarget(name: "UAC2LiveTests", dependencies: ["UAC2Live"], path: "Tests/UAC2LiveTests",
                    exclude: ["Fixtures"]),
    ]
)
