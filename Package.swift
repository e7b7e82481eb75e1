// swift-tools-version:6.1
import PackageDescription

// The main job (decode, check, bandwidth, capture, report: UAC2Kit + the CLI) builds with Swift alone,
// on Linux and macOS. The live probe needs libusb-1.0 (Linux; macOS with Homebrew) and, on Linux only,
// ALSA, through pkg-config. It is the opt-in trait "Live": `swift build --traits Live`.
// Why a trait that is off by default, not a default trait, a second product or dlopen: a default trait
// made the README's first command fail on a machine without the -dev packages; a second product still
// breaks a plain `swift build` (it builds every product); dlopen would mean re-declaring ~110 libusb and
// ALSA functions and structs by hand. Off by default keeps one binary, one build flag, and the
// compiler checking every live call against the real headers whenever the trait is on.
let package = Package(
    name: "uac2",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "uac2", targets: ["uac2"]),
        .library(name: "UAC2Kit", targets: ["UAC2Kit"]),
    ],
    traits: [
        .trait(name: "Live", description: "uac2 probe: libusb-1.0 (libusb-1.0-0-dev; Homebrew libusb) and, on Linux, ALSA (libasound2-dev)"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Optimised in debug builds too: the README's `swift run uac2 ...` is a debug build, and unoptimised
        // Swift spent ~20 s of CPU on 32 MB of lsusb text and ~28 s on a 100 MB hex line (issue 19 asks for
        // 5 s). Only the root package builds it (SwiftPM refuses unsafe flags in a dependency); tests still
        // use @testable import (SwiftPM adds -enable-testing in debug).
        .target(name: "UAC2Kit", path: "Sources/UAC2Kit", exclude: ["README.md"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .systemLibrary(name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
                       providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(name: "CALSA", path: "Sources/CALSA", pkgConfig: "alsa",
                       providers: [.apt(["libasound2-dev"])]),
        .target(name: "UAC2Live",
                dependencies: [
                    "UAC2Kit",
                    .target(name: "CLibUSB", condition: .when(traits: ["Live"])),
                    // ALSA exists only on Linux; elsewhere `probe --alsa` says so.
                    .target(name: "CALSA", condition: .when(platforms: [.linux], traits: ["Live"])),
                ],
                path: "Sources/UAC2Live"),
        .executableTarget(
            name: "uac2",
            dependencies: [
                "UAC2Kit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "UAC2Live", condition: .when(traits: ["Live"])),
            ],
            path: "Sources/uac2",
            plugins: [.plugin(name: "GitCommitPlugin")]),
        // Writes GitCommit.swift (the commit for `uac2 --version`) from .git at build time; no git needed.
        .plugin(name: "GitCommitPlugin", capability: .buildTool(), path: "Sources/GitCommitPlugin"),
        .testTarget(name: "UAC2KitTests", dependencies: ["UAC2Kit"], path: "Tests/UAC2KitTests"),
        // Live probe against the simulators Tools/sim/build makes (runs the built uac2 binary).
        // Built and run with the trait: `swift test --traits Live` (Tools/test does).
        .testTarget(name: "UAC2LiveTests", dependencies: ["UAC2Live"], path: "Tests/UAC2LiveTests",
                    exclude: ["Fixtures"]),
    ]
)
