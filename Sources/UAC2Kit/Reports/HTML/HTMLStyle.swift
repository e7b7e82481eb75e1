/// The report's inline style sheet and the legend under each topology heading.
enum HTMLStyle {
    static let css = """
        :root { --err: #d00000; --warn: #b86e00; --info: #3568a8; --ok: #2e7d32; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d2330;
               margin: 0 auto; padding: 16px 24px 48px; max-width: 1600px; background: #fbfbfc; }
        h1 { font-size: 22px; margin: 8px 0 4px; word-break: break-all; }
        h2 { font-size: 19px; margin: 28px 0 4px; border-bottom: 2px solid #d8dde6; padding-bottom: 3px; }
        h3 { font-size: 16px; margin: 22px 0 4px; }
        h4 { font-size: 15px; margin: 16px 0 4px; color: #394256; }
        h5 { font-size: 14px; margin: 10px 0 2px; font-weight: 600; }
        .meta { color: #4a5468; margin: 2px 0 8px; font-size: 14px; }
        .count.error, .bad { color: var(--err); font-weight: 600; }
        .count.warning { color: var(--warn); font-weight: 600; }
        .count.info { color: var(--info); }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        .figure { overflow-x: auto; border: 1px solid #d8dde6; background: #fff; border-radius: 6px; margin: 6px 0 10px; }
        .legend { font-size: 13px; color: #4a5468; margin: 0 0 4px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
        .legend span::before { content: ""; display: inline-block; width: 14px; height: 10px; margin-right: 5px;
                               vertical-align: -1px; border: 1px solid #667; border-radius: 2px; }
        .legend .l-clock::before { background: #fdf0d9; }
        .legend .l-terminal::before { background: #e2edfb; }
        .legend .l-unit::before { background: #eef1f4; }
        .legend .l-stream::before { background: #dcf3ef; }
        .legend .l-missing::before { background: #fff; border: 1.5px dashed var(--err); }
        .legend .e-audio::before, .legend .e-clock::before, .legend .e-stream::before, .legend .e-problem::before {
            height: 0; border: 0; border-top: 2px solid #3b4252; width: 22px; vertical-align: 3px; border-radius: 0; }
        .legend .e-clock::before { border-top: 2px dashed #b5651d; }
        .legend .e-stream::before { border-top-color: #0b7a75; }
        .legend .e-problem::before { border-top: 2.5px solid var(--err); }
        svg.topology text { font: 12px "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: #1d2330; }
        svg.topology text.title { font-weight: bold; }
        svg.topology .node rect { stroke: #5b6577; stroke-width: 1; fill: #eef1f4; }
        svg.topology .node.clock rect { fill: #fdf0d9; stroke: #b5651d; }
        svg.topology .node.terminal rect { fill: #e2edfb; stroke: #3568a8; }
        svg.topology .node.stream rect { fill: #dcf3ef; stroke: #0b7a75; }
        svg.topology .node.missing rect { fill: #fff; stroke: var(--err); stroke-width: 1.5; stroke-dasharray: 5 3; }
        svg.topology .node.missing text { fill: var(--err); }
        svg.topology .node.has-error rect { stroke: var(--err); stroke-width: 2; }
        svg.topology .node.has-warning rect { stroke: var(--warn); stroke-width: 2; }
        svg.topology a:hover rect { stroke-width: 3; }
        svg.topology .badge.error { fill: var(--err); }
        svg.topology .badge.warning { fill: var(--warn); }
        svg.topology .badge.info { fill: var(--info); }
        svg.topology text.badge-count { fill: #fff; font-weight: bold; font-size: 11px; }
        svg.topology .edge { fill: none; stroke: #3b4252; stroke-width: 1.3; }
        svg.topology .edge.clock { stroke: #b5651d; stroke-dasharray: 6 4; }
        svg.topology .edge.stream { stroke: #0b7a75; stroke-width: 1.8; }
        svg.topology .edge.problem { stroke: var(--err); stroke-width: 2.4; stroke-dasharray: none; }
        svg.topology .node:target rect { stroke: #000; stroke-width: 3; }
        .alts { display: grid; grid-template-columns: repeat(auto-fill, minmax(730px, 1fr)); gap: 4px 24px; }
        .alt { margin: 4px 0 10px; }
        .summary { margin: 0 0 2px; font-size: 14px; }
        .summary.ok { color: var(--ok); }
        svg.bars text { font: 12px "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: #1d2330; }
        svg.bars .bar.fits { fill: #7cb987; }
        svg.bars .bar.needs-larger-max-packet-size { fill: #f0a640; }
        svg.bars .bar.exceeds-speed-limit { fill: #e05252; }
        svg.bars .value.needs-larger-max-packet-size { fill: var(--warn); font-weight: bold; }
        svg.bars .value.exceeds-speed-limit { fill: var(--err); font-weight: bold; }
        svg.bars .limit-max { stroke: #1d2330; stroke-width: 2; }
        svg.bars .limit-speed { stroke: var(--err); stroke-width: 1.5; stroke-dasharray: 5 3; }
        svg.bars .limit-label { fill: #394256; font-size: 11px; }
        svg.bars .limit-label.speed, svg.bars tspan.speed { fill: var(--err); }
        svg.bars .bar-error { fill: var(--err); }
        ul.skipped { font-size: 13px; color: #4a5468; margin: 2px 0 8px; }
        ol.findings { padding-left: 22px; }
        .finding { margin: 0 0 14px; padding: 6px 10px; border-left: 4px solid var(--info); background: #fff; border-radius: 0 4px 4px 0; }
        .finding.error { border-left-color: var(--err); }
        .finding.warning { border-left-color: var(--warn); }
        .finding:target { outline: 3px solid #ffd54f; }
        .finding p { margin: 2px 0; }
        .finding .head { font-weight: 600; }
        .finding .sev { text-transform: uppercase; font-size: 12px; letter-spacing: 0.04em; }
        .finding.error .sev { color: var(--err); }
        .finding.warning .sev { color: var(--warn); }
        .finding.info .sev { color: var(--info); }
        .finding .where { color: #4a5468; font-size: 14px; }
        .finding .fix { background: #f1f7ef; padding: 2px 6px; border-radius: 3px; }
        .finding details { font-size: 14px; margin-top: 4px; }
        .finding dt { font-weight: 600; text-transform: capitalize; }
        .finding dd { margin: 0 0 4px 16px; }
        .source { color: #6a7385; font-size: 13px; }
        .diagnostics li.error { color: var(--err); }
        footer { margin-top: 32px; color: #6a7385; font-size: 13px; }
        """

    static let legend = """
        <p class="legend"><span class="l-clock">clock source / selector / multiplier</span><span class="l-terminal">terminal</span>\
        <span class="l-unit">unit</span><span class="l-stream">streaming interface</span><span class="l-missing">missing ID</span>\
        <span class="e-audio">audio link</span><span class="e-clock">clock link</span><span class="e-stream">terminal link</span>\
        <span class="e-problem">dangling link or cycle</span></p>

        """
}
