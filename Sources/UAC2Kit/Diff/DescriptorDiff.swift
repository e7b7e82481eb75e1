/// `uac2 diff`: what changed between two inputs of any forms, descriptor by descriptor and field by
/// field (both values decoded), and which findings appear or disappear.

public struct FieldDifference: Sendable, Hashable {
    public var name: String
    public var oldText: String
    public var newText: String
    public var oldValues: [UInt64]
    public var newValues: [UInt64]
}

public struct DescriptorDifference: Sendable, Hashable {
    public enum Kind: String, Sendable { case changed, added, removed, moved }
    public var kind: Kind
    /// The place in the new input (the old one for removed descriptors).
    public var key: String
    /// The old place when the descriptor's place changed with its fields (a renumbered interface).
    public var oldKey: String?
    public var title: String
    public var old: SourceLocation?
    public var new: SourceLocation?
    public var fields: [FieldDifference] = []
}

public struct DeviceDifference: Sendable {
    public var index: Int
    public var label: String
    public var differences: [DescriptorDifference]
}

public struct FindingDifference: Sendable, Hashable {
    public var appeared: Bool
    public var ruleID: String
    public var severity: RuleSeverity
    public var place: String
    public var message: String
}

public struct DiffResult: Sendable {
    public var old: DecodedInput
    public var new: DecodedInput
    public var devices: [DeviceDifference]
    public var findings: [FindingDifference]

    public var isSame: Bool { devices.allSatisfy { $0.differences.isEmpty } && findings.isEmpty }
    /// 0 same, 1 different, 2 the new input has errors the old one did not.
    public var exitStatus: Int32 {
        if findings.contains(where: { $0.appeared && $0.severity == .error }) { return 2 }
        return isSame ? 0 : 1
    }
}

public enum DescriptorDiff {
    /// Above this many descriptor pairs the alignment is greedy instead of a longest common subsequence.
    static let lcsLimit = 4_000_000

    public static func diff(_ a: DecodedInput, _ b: DecodedInput, options given: CheckOptions = CheckOptions()) -> DiffResult {
        // Findings are matched place by place, so one alt fixed out of three shows as that alt's.
        var options = given
        options.groupOverAlternates = false
        var devices: [DeviceDifference] = []
        for i in 0..<max(a.devices.count, b.devices.count) {
            let da = i < a.devices.count ? a.devices[i] : nil
            let db = i < b.devices.count ? b.devices[i] : nil
            let label = (db ?? da).map(RuleEngine.label) ?? "device \(i + 1)"
            devices.append(DeviceDifference(index: i, label: label,
                                            differences: compare(da.map(DescriptorKey.keyed) ?? [], db.map(DescriptorKey.keyed) ?? [],
                                                                 speed: db?.speed ?? da?.speed ?? options.speed)))
        }
        let fa = RuleEngine.check(a, options: options).findings, fb = RuleEngine.check(b, options: options).findings
        func id(_ f: Finding) -> String { "\(f.location.device ?? 0)|\(f.ruleID)|\(f.location.key)" }
        let ia = Set(fa.map(id)), ib = Set(fb.map(id))
        var findings: [FindingDifference] = []
        var seen = Set<String>()
        for f in fa where !ib.contains(id(f)) && seen.insert("-" + id(f)).inserted {
            findings.append(FindingDifference(appeared: false, ruleID: f.ruleID, severity: f.severity, place: f.location.key, message: f.message))
        }
        for f in fb where !ia.contains(id(f)) && seen.insert("+" + id(f)).inserted {
            findings.append(FindingDifference(appeared: true, ruleID: f.ruleID, severity: f.severity, place: f.location.key, message: f.message))
        }
        return DiffResult(old: a, new: b, devices: devices, findings: findings)
    }

    static func title(_ d: Descriptor) -> String { d.layout.subtype.map { "\(d.layout.title) (\($0))" } ?? d.layout.title }

    /// Aligns the two sequences on their keys, then names what moved, changed, appeared or went away.
    static func compare(_ a: [DescriptorKey.Keyed], _ b: [DescriptorKey.Keyed], speed: USBSpeed?) -> [DescriptorDifference] {
        let pairs = align(a.map(\.key), b.map(\.key))
        var matchedA = Set(pairs.map(\.0)), matchedB = Set(pairs.map(\.1))
        var out: [(order: Int, diff: DescriptorDifference)] = []
        let ctx = RenderContext(speed: speed)
        for (i, j) in pairs {
            let fields = fieldDifferences(a[i].descriptor, b[j].descriptor, ctx)
            if !fields.isEmpty {
                out.append((j, DescriptorDifference(kind: .changed, key: b[j].key, title: title(b[j].descriptor),
                                                    old: a[i].descriptor.location, new: b[j].descriptor.location, fields: fields)))
            }
        }
        // Same place, outside the common order: moved.
        var unmatchedA: [String: [Int]] = [:]
        for i in a.indices where !matchedA.contains(i) { unmatchedA[a[i].key, default: []].append(i) }
        for j in b.indices where !matchedB.contains(j) {
            guard var list = unmatchedA[b[j].key], !list.isEmpty else { continue }
            let i = list.removeFirst()
            unmatchedA[b[j].key] = list
            matchedA.insert(i); matchedB.insert(j)
            out.append((j, DescriptorDifference(kind: .moved, key: b[j].key, title: title(b[j].descriptor), old: a[i].descriptor.location,
                                                new: b[j].descriptor.location, fields: fieldDifferences(a[i].descriptor, b[j].descriptor, ctx))))
        }
        // Between two aligned descriptors, the same kind of descriptor at a new place: its fields changed
        // (a renumbered interface or a new endpoint address moves its key and its children's).
        var anchors = pairs.filter { matchedA.contains($0.0) }
        anchors.insert((-1, -1), at: 0)
        anchors.append((a.count, b.count))
        for k in 0..<(anchors.count - 1) {
            let ga = ((anchors[k].0 + 1)..<max(anchors[k].0 + 1, anchors[k + 1].0)).filter { !matchedA.contains($0) }
            var gb = ((anchors[k].1 + 1)..<max(anchors[k].1 + 1, anchors[k + 1].1)).filter { !matchedB.contains($0) }
            for i in ga {
                guard let pos = gb.firstIndex(where: { a[i].kind == b[$0].kind }) else { continue }
                let j = gb.remove(at: pos)
                matchedA.insert(i); matchedB.insert(j)
                let fields = fieldDifferences(a[i].descriptor, b[j].descriptor, ctx)
                // A descriptor whose own fields are equal but whose parent's changed is not listed again.
                if fields.isEmpty { continue }
                out.append((j, DescriptorDifference(kind: .changed, key: b[j].key, oldKey: a[i].key == b[j].key ? nil : a[i].key,
                                                    title: title(b[j].descriptor), old: a[i].descriptor.location,
                                                    new: b[j].descriptor.location, fields: fields)))
            }
        }
        for i in a.indices where !matchedA.contains(i) {
            // Removed descriptors are ordered where they would have been in the new sequence.
            let after = pairs.last { $0.0 < i }?.1 ?? -1
            out.append((after, DescriptorDifference(kind: .removed, key: a[i].key, title: title(a[i].descriptor), old: a[i].descriptor.location, new: nil)))
        }
        for j in b.indices where !matchedB.contains(j) {
            out.append((j, DescriptorDifference(kind: .added, key: b[j].key, title: title(b[j].descriptor), old: nil, new: b[j].descriptor.location)))
        }
        return out.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.diff)
    }

    /// Index pairs of a longest common subsequence of keys (greedy in order when the inputs are huge).
    static func align(_ a: [String], _ b: [String]) -> [(Int, Int)] {
        let n = a.count, m = b.count
        if n == 0 || m == 0 { return [] }
        if n * m > lcsLimit {
            var next: [String: [Int]] = [:]
            for (i, k) in a.enumerated().reversed() { next[k, default: []].append(i) }
            var out: [(Int, Int)] = []
            var last = -1
            for (j, k) in b.enumerated() {
                while let i = next[k]?.last, i <= last { next[k]?.removeLast() }
                if let i = next[k]?.popLast() { out.append((i, j)); last = i }
            }
            return out
        }
        // Suffix lengths, one row of UInt16/Int per i: (n+1) x (m+1) entries at most 4 M.
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var out: [(Int, Int)] = []
        var i = 0, j = 0
        while i < n && j < m {
            if a[i] == b[j] { out.append((i, j)); i += 1; j += 1 }
            else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] { i += 1 } else { j += 1 }
        }
        return out
    }

    /// Fields by name (both layouts' names, in wire order), then bytes no field explains.
    static func fieldDifferences(_ a: Descriptor, _ b: Descriptor, _ ctx: RenderContext) -> [FieldDifference] {
        var out: [FieldDifference] = []
        var names = a.fields.map(\.name)
        for f in b.fields where !names.contains(f.name) { names.append(f.name) }
        for name in names {
            let fa = a.field(name), fb = b.field(name)
            guard fa?.values != fb?.values else { continue }
            out.append(FieldDifference(name: name, oldText: fa.map { text($0, a, ctx) } ?? "(absent)",
                                       newText: fb.map { text($0, b, ctx) } ?? "(absent)",
                                       oldValues: fa?.values ?? [], newValues: fb?.values ?? []))
        }
        if a.trailing != b.trailing {
            out.append(FieldDifference(name: "trailing bytes", oldText: hexBytes(a.trailing), newText: hexBytes(b.trailing),
                                       oldValues: a.trailing.map(UInt64.init), newValues: b.trailing.map(UInt64.init)))
        }
        if out.isEmpty && a.bytes != b.bytes {
            out.append(FieldDifference(name: "bytes", oldText: hexBytes(a.bytes), newText: hexBytes(b.bytes),
                                       oldValues: a.bytes.map(UInt64.init), newValues: b.bytes.map(UInt64.init)))
        }
        return out
    }

    static func hexBytes(_ b: [UInt8]) -> String { b.isEmpty ? "(none)" : b.map(hex2).joined(separator: " ") }

    static func text(_ f: DescriptorField, _ d: Descriptor, _ ctx: RenderContext) -> String {
        let t = FieldRenderer.text(f, in: d, ctx)
        return t.note.map { "\(t.value) (\($0))" } ?? t.value
    }
}
