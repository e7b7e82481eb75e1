import Foundation
@testable import UAC2Kit

/// Paths and loaders shared by the tests. Captures live in Descriptors/ at the repository root.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let descriptors = root.appendingPathComponent("Descriptors")

    static func files(suffix: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: descriptors.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { descriptors.appendingPathComponent($0) }
    }

    static func bytes(_ name: String) -> [UInt8] {
        [UInt8]((try? Data(contentsOf: descriptors.appendingPathComponent(name))) ?? Data())
    }

    static func decode(_ name: String, format: InputFormat? = nil) -> DecodedInput {
        DescriptorReader.read(bytes: bytes(name), name: name, format: format)
    }
}
