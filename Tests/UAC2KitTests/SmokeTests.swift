import Testing
@testable import UAC2Kit

@Test func libraryHasVersion() {
    #expect(UAC2Kit.version.split(separator: ".").count == 3)
}
