/// What a firmware file holds once its container is taken apart: the initialized memory it loads
/// (ELF sections, Intel HEX / UF2 address ranges, a raw .bin) and, for ELF, its symbols.
/// Descriptors are searched here, and every byte can be traced back to its place in the file.
public struct FirmwareImage: Sendable {
    public struct Region: Sendable {
        /// Section name for ELF (".rodata"); "flash" for address-mapped images.
        public var name: String
        /// Load address of the first byte (ELF: sh_addr, 0 in a relocatable object; HEX/UF2: target address).
        public var address: UInt64
        public var bytes: [UInt8]
        /// Where runs of bytes came from in the input, sorted by `start`: file offset (ELF, UF2, .bin)
        /// or text line (Intel HEX). A byte takes the piece with the greatest start at or before it.
        public var pieces: [Piece] = []
        /// Offsets (into `bytes`) the linker still patches: relocation targets of a relocatable object.
        public var relocated: [Int] = []

        public struct Piece: Sendable {
            public var start: Int
            public var fileOffset: Int?
            public var line: Int?
        }

        public func location(of i: Int) -> SourceLocation {
            guard let p = piece(at: i) else { return SourceLocation() }
            return SourceLocation(offset: p.fileOffset, line: p.line)
        }

        /// The piece byte `i` came from, re-based to start at `i`.
        func piece(at i: Int) -> Piece? {
            var lo = 0, hi = pieces.count - 1, best = -1
            while lo <= hi {
                let mid = (lo + hi) / 2
                if pieces[mid].start <= i { best = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            guard best >= 0 else { return nil }
            let p = pieces[best]
            return Piece(start: i, fileOffset: p.fileOffset.map { $0 + (i - p.start) }, line: p.line)
        }
    }

    public struct Symbol: Sendable, Hashable {
        public var name: String
        public var region: Int
        /// Offset of the symbol's first byte inside the region.
        public var offset: Int
        public var size: Int
    }

    public var regions: [Region] = []
    public var symbols: [Symbol] = []
    /// Symbols that name data with no bytes in the file (.bss): filled at run time.
    public var uninitializedSymbols: [String: String] = [:]
    /// Problems that did not stop the container from being read (a section past the end, a bad record).
    public var diagnostics: [Diagnostic] = []

    public init() {}

    /// The object symbol whose bytes contain `offset` of `region`, preferring the smallest.
    func symbol(covering offset: Int, in region: Int) -> Symbol? {
        symbols.filter { $0.region == region && $0.offset <= offset && offset < $0.offset + max($0.size, 1) }
            .min { $0.size < $1.size }
    }
}
