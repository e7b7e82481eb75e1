/// The lines of a text, found lazily by scanning its UTF-8 bytes for "\n" ("\r" stays at the end of a
/// line for the reader to drop). `String.split(separator: "\n")` walks grapheme clusters and builds every
/// line up front: on 100 MB of binary noise that took most of a minute before a reader could see that
/// its first lines were not text. "\n" is never part of a multi-byte UTF-8 sequence, so byte positions
/// are always valid string boundaries.
public struct TextLines: Sequence, IteratorProtocol {
    private let text: Substring
    private var position: String.Index?

    public init(_ text: String) { self.init(text[...]) }

    public init(_ text: Substring) {
        self.text = text
        self.position = text.startIndex
    }

    public mutating func next() -> Substring? {
        guard let start = position else { return nil }
        if let newline = text.utf8[start...].firstIndex(of: 0x0A) {
            position = text.utf8.index(after: newline)
            return text[start..<newline]
        }
        position = nil
        return text[start...]
    }
}
