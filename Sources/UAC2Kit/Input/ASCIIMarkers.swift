/// A few ASCII words looked for in one pass over bytes, as format detection needs: which of them
/// occur anywhere. Bytes are compared as bytes (no Unicode normalisation): every word is ASCII, and
/// a word inside text is the same word whatever surrounds it.
struct ASCIIMarkers: Sendable {
    private let words: [[UInt8]]
    /// For each byte value, the words that start with it (bit i = words[i]): most input bytes cost
    /// one look-up and no comparison.
    private let startingWith: [UInt64]

    init(_ words: [String]) {
        precondition(words.count <= 64 && words.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 < 0x80 } })
        self.words = words.map { Array($0.utf8) }
        var table = [UInt64](repeating: 0, count: 256)
        for (i, w) in self.words.enumerated() { table[Int(w[0])] |= 1 << UInt64(i) }
        startingWith = table
    }

    /// Bit i set when words[i] occurs in `bytes`.
    func scan(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        let all: UInt64 = words.count == 64 ? ~0 : (1 << UInt64(words.count)) - 1
        var found: UInt64 = 0
        bytes.withUnsafeBufferPointer { b in
            startingWith.withUnsafeBufferPointer { table in
                let n = b.count
                var i = 0
                while i < n {
                    var candidates = table[Int(b[i])] & ~found
                    while candidates != 0 {
                        let w = candidates.trailingZeroBitCount
                        candidates &= candidates - 1
                        if matches(words[w], b, at: i) { found |= 1 << UInt64(w) }
                    }
                    if found == all { return }
                    i += 1
                }
            }
        }
        return found
    }

    @inline(__always)
    private func matches(_ word: [UInt8], _ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        if i + word.count > b.count { return false }
        var k = 1
        while k < word.count {
            if b[i + k] != word[k] { return false }
            k += 1
        }
        return true
    }
}
