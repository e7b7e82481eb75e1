import ArgumentParser

/// A --rates value ("44.1k,48k,96k") as rates in Hz; shared by the commands that take one.
enum RateList {
    static func parse(_ text: String) throws -> [Int] {
        let list = try text.split(separator: ",").map { try BandwidthCommand.parseRate(String($0)) }
        if list.isEmpty { throw ValidationError("--rates needs at least one rate, e.g. 48k") }
        return list
    }
}
