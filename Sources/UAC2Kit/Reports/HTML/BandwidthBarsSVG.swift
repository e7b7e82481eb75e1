/// One streaming alt's packet budget as bars: per sample rate, the bytes its largest packet needs
/// (the ±1 rule for asynchronous and adaptive endpoints), against the endpoint's wMaxPacketSize
/// (solid line) and the most the speed allows per service interval (dashed red line).
/// Every bar is `<rect class="bar VERDICT" data-speed data-interface data-alt data-rate>`.
enum BandwidthBarsSVG {
    static let labelWidth = 74
    static let barWidth = 300
    static let valueWidth = 340
    static let rowHeight = 20
    static let top = 30

    static func render(_ alt: BandwidthAltReport) -> String {
        let budgets = alt.verdicts.compactMap(\.budget)
        guard let first = budgets.first else { return "" }
        let available = first.capacity.availableBytes, limit = first.capacity.speedLimitBytes
        let scale = max(limit, available, budgets.map(\.bytesPerPacket).max() ?? 0, 1)
        func px(_ bytes: Int) -> Int { labelWidth + Int((Double(bytes) / Double(scale) * Double(barWidth)).rounded()) }
        let rows = alt.verdicts.count
        let width = labelWidth + barWidth + valueWidth
        let height = top + rows * rowHeight + 8
        var s = "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        s += "role=\"img\" aria-label=\"bytes per packet of \(HTMLText.escape(alt.label)) at each rate\">\n"
        // The two limits, labelled above the bars (label anchored so it stays inside the picture).
        let ax = px(available), lx = px(limit)
        s += "<line class=\"limit-max\" x1=\"\(ax)\" y1=\"\(top - 6)\" x2=\"\(ax)\" y2=\"\(height - 4)\"/>"
        s += "<line class=\"limit-speed\" x1=\"\(lx)\" y1=\"\(top - 6)\" x2=\"\(lx)\" y2=\"\(height - 4)\"/>"
        let maxText = "wMaxPacketSize \(available) B"
        let limitText = "\(alt.speed.displayName) limit \(limit) B"
        // 11 px monospace: 6.7 px per character. Each label hangs off its line (wMaxPacketSize to the
        // right, the limit to the left); when they would collide both go on one line at the left.
        func textWidth(_ t: String) -> Int { t.count * 67 / 10 }
        let maxLeft = min(ax + 4, width - textWidth(maxText))
        if ax == lx {
            s += "<text class=\"limit-label\" x=\"\(maxLeft)\" y=\"12\">\(maxText) = \(limitText)</text>"
        } else if maxLeft + textWidth(maxText) + 10 < lx - 4 - textWidth(limitText) {
            s += "<text class=\"limit-label\" x=\"\(maxLeft)\" y=\"12\">\(maxText)</text>"
            s += "<text class=\"limit-label speed\" x=\"\(lx - 4)\" y=\"12\" text-anchor=\"end\">\(limitText)</text>"
        } else {
            s += "<text class=\"limit-label\" x=\"\(labelWidth)\" y=\"12\">\(maxText) · <tspan class=\"speed\">\(limitText)</tspan></text>"
        }
        for (r, v) in alt.verdicts.enumerated() {
            let y = top + r * rowHeight
            s += "<text class=\"rate\" x=\"\(labelWidth - 8)\" y=\"\(y + 14)\" text-anchor=\"end\">\(BandwidthExplainer.rateText(v.sampleRate))</text>"
            guard let b = v.budget else {
                s += "<text class=\"bar-error\" x=\"\(labelWidth)\" y=\"\(y + 14)\">cannot be checked: \(HTMLText.escape(v.error ?? "?"))</text>\n"
                continue
            }
            let w = max(1, px(b.bytesPerPacket) - labelWidth)
            let verdict = b.verdict.rawValue
            s += "<rect class=\"bar \(verdict)\" data-speed=\"\(alt.speed.rawValue)\" data-interface=\"\(alt.interfaceNumber)\" "
            s += "data-alt=\"\(alt.alternateSetting)\" data-rate=\"\(v.sampleRate)\" data-bytes=\"\(b.bytesPerPacket)\" "
            s += "x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowHeight - 6)\">"
            s += "<title>\(HTMLText.escape(b.explanation(label: alt.label)))</title></rect>"
            let mark: String
            switch b.verdict {
            case .fits: mark = "fits"
            case .needsLargerMaxPacketSize: mark = "over wMaxPacketSize"
            case .exceedsSpeedLimit: mark = "over the \(alt.speed.displayName) limit"
            }
            let text = "\(b.bytesPerPacket) B (\(b.framesPerPacket) × \(b.bytesPerFrame) B) \(mark)"
            s += "<text class=\"value \(verdict)\" x=\"\(labelWidth + barWidth + 10)\" y=\"\(y + 14)\">\(HTMLText.escape(text))</text>\n"
        }
        return s + "</svg>"
    }
}
