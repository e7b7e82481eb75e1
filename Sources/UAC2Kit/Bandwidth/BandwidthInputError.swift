/// A value that cannot describe a working isochronous audio stream. The message names the field,
/// the value and the legal range, so that the CLI can print it unchanged.
public struct BandwidthInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
