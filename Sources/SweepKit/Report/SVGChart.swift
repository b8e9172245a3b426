import Foundation

/// A small SVG chart: axes with ticks and labels, shaded regions, reference lines, series
/// drawn as lines, steps or markers (with optional error bars and point labels), a legend.
struct SVGChart {
    enum Style { case line, step, markers }
    enum Marker { case circle, square, diamond, ring }

    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
        var style: Style = .line
        var marker: Marker = .circle
        var dashed = false
        var width = 1.6
        /// Per point (x lo, x hi, y lo, y hi), drawn as error bars when given.
        var errors: [(xlo: Double, xhi: Double, ylo: Double, yhi: Double)?] = []
        var labels: [String] = []
        /// Left out of the legend (e.g. a second part of an entry already listed).
        var inLegend = true
    }

    struct Region {
        var x0: Double, x1: Double, y0: Double, y1: Double
        var fill: String
        var label: String
    }

    struct RefLine {
        enum Axis { case x, y }
        var axis: Axis
        var value: Double
        var label: String
    }

    var title: String
    var x: ChartAxis
    var y: ChartAxis
    var series: [Series] = []
    var regions: [Region] = []
    var refLines: [RefLine] = []
    var width = 760.0
    var height = 480.0

    // Plot area margins: room for tick labels, axis titles and the title.
    private let left = 78.0, right = 24.0, top = 46.0, bottom = 64.0

    private var plotW: Double { width - left - right }
    private var plotH: Double { height - top - bottom }

    private func px(_ v: Double) -> Double { left + min(max(x.fraction(v), -0.02), 1.02) * plotW }
    private func py(_ v: Double) -> Double { top + (1 - min(max(y.fraction(v), -0.02), 1.02)) * plotH }

    func render() -> String {
        var s: [String] = []
        let total = height + legendHeight
        s.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(n(width))" height="\##(n(total))" viewBox="0 0 \##(n(width)) \##(n(total))" font-family="Helvetica, Arial, sans-serif" font-size="13">"##
        )
        s.append(##"<rect x="0" y="0" width="\##(n(width))" height="\##(n(total))" fill="#ffffff"/>"##)
        s.append(
            ##"<text x="\##(n(width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\##(esc(title))</text>"##
        )
        s.append(
            ##"<defs><clipPath id="plot"><rect x="\##(n(left))" y="\##(n(top))" width="\##(n(plotW))" height="\##(n(plotH))"/></clipPath></defs>"##
        )
        for r in regions {
            let x0 = px(max(r.x0, x.lo))
            let x1 = px(min(r.x1, x.hi))
            let y0 = py(min(r.y1, y.hi))
            let y1 = py(max(r.y0, y.lo))
            guard x1 > x0, y1 > y0 else { continue }
            s.append(
                ##"<rect x="\##(n(x0))" y="\##(n(y0))" width="\##(n(x1 - x0))" height="\##(n(y1 - y0))" fill="\##(r.fill)"/>"##
            )
        }
        s += gridAndAxes()
        for line in refLines {
            if line.axis == .x {
                let sx = px(line.value)
                s.append(
                    ##"<line x1="\##(n(sx))" y1="\##(n(top))" x2="\##(n(sx))" y2="\##(n(top + plotH))" stroke="#555" stroke-dasharray="5,4"/>"##
                )
                s.append(
                    ##"<text x="\##(n(sx + 4))" y="\##(n(top + plotH - 6))" font-size="11" fill="#444">\##(esc(line.label))</text>"##
                )
            } else {
                let sy = py(line.value)
                s.append(
                    ##"<line x1="\##(n(left))" y1="\##(n(sy))" x2="\##(n(left + plotW))" y2="\##(n(sy))" stroke="#555" stroke-dasharray="5,4"/>"##
                )
                s.append(
                    ##"<text x="\##(n(left + plotW - 4))" y="\##(n(sy - 5))" text-anchor="end" font-size="11" fill="#444">\##(esc(line.label))</text>"##
                )
            }
        }
        s.append(##"<g clip-path="url(#plot)">"##)
        for series in series { s += draw(series) }
        s += pointLabels()
        s.append("</g>")
        s += legend()
        s.append("</svg>")
        return s.joined(separator: "\n") + "\n"
    }

    private func gridAndAxes() -> [String] {
        var s: [String] = []
        for t in x.ticks {
            let sx = px(t)
            s.append(
                ##"<line x1="\##(n(sx))" y1="\##(n(top))" x2="\##(n(sx))" y2="\##(n(top + plotH))" stroke="#e4e4e4"/>"##
            )
            s.append(
                ##"<text x="\##(n(sx))" y="\##(n(top + plotH + 18))" text-anchor="middle">\##(esc(x.tickLabel(t)))</text>"##
            )
        }
        for t in y.ticks {
            let sy = py(t)
            s.append(
                ##"<line x1="\##(n(left))" y1="\##(n(sy))" x2="\##(n(left + plotW))" y2="\##(n(sy))" stroke="#e4e4e4"/>"##
            )
            s.append(
                ##"<text x="\##(n(left - 8))" y="\##(n(sy + 4))" text-anchor="end">\##(esc(y.tickLabel(t)))</text>"##)
        }
        s.append(
            ##"<rect x="\##(n(left))" y="\##(n(top))" width="\##(n(plotW))" height="\##(n(plotH))" fill="none" stroke="#333"/>"##
        )
        s.append(
            ##"<text x="\##(n(left + plotW / 2))" y="\##(n(height - 18))" text-anchor="middle" font-size="14">\##(esc(x.label))</text>"##
        )
        let cy = top + plotH / 2
        s.append(
            ##"<text x="20" y="\##(n(cy))" text-anchor="middle" font-size="14" transform="rotate(-90 20 \##(n(cy)))">\##(esc(y.label))</text>"##
        )
        return s
    }

    private func draw(_ series: Series) -> [String] {
        var s: [String] = []
        let dash = series.dashed ? ##" stroke-dasharray="7,4""## : ""
        switch series.style {
        case .line, .step:
            guard !series.points.isEmpty else { return [] }
            var pts: [String] = []
            var prevY: Double?
            for p in series.points {
                let sx = px(p.x)
                let sy = py(p.y)
                if series.style == .step, let prevY { pts.append("\(n(sx)),\(n(prevY))") }
                pts.append("\(n(sx)),\(n(sy))")
                prevY = sy
            }
            s.append(
                ##"<polyline fill="none" stroke="\##(series.color)" stroke-width="\##(n(series.width))"\##(dash) stroke-linejoin="round" points="\##(pts.joined(separator: " "))"/>"##
            )
        case .markers:
            for (i, p) in series.points.enumerated() {
                if i < series.errors.count, let e = series.errors[i] {
                    s += errorBars(e, at: p, color: series.color)
                }
                s.append(marker(series.marker, at: px(p.x), py(p.y), color: series.color))
            }
        }
        return s
    }

    /// A point's interval bars. The axes are set by the points, not by the intervals, so one
    /// wide interval cannot squash the rest: a bar that runs past the frame stops at its edge,
    /// where a chevron pointing outwards says it goes on.
    private func errorBars(
        _ e: (xlo: Double, xhi: Double, ylo: Double, yhi: Double), at p: (x: Double, y: Double),
        color: String
    ) -> [String] {
        let sx = px(p.x)
        let sy = py(p.y)
        let x0 = left + min(max(x.fraction(e.xlo), 0), 1) * plotW
        let x1 = left + min(max(x.fraction(e.xhi), 0), 1) * plotW
        let y0 = top + (1 - min(max(y.fraction(e.ylo), 0), 1)) * plotH
        let y1 = top + (1 - min(max(y.fraction(e.yhi), 0), 1)) * plotH
        var s = [
            ##"<line x1="\##(n(x0))" y1="\##(n(sy))" x2="\##(n(x1))" y2="\##(n(sy))" stroke="\##(color)" stroke-width="1.2"/>"##,
            ##"<line x1="\##(n(sx))" y1="\##(n(y0))" x2="\##(n(sx))" y2="\##(n(y1))" stroke="\##(color)" stroke-width="1.2"/>"##
        ]
        // (tip x, tip y, direction x, direction y) for each end past the frame.
        var cut: [(Double, Double, Double, Double)] = []
        if e.xlo < x.lo { cut.append((x0, sy, -1, 0)) }
        if e.xhi > x.hi { cut.append((x1, sy, 1, 0)) }
        if e.ylo < y.lo { cut.append((sx, y0, 0, 1)) }
        if e.yhi > y.hi { cut.append((sx, y1, 0, -1)) }
        for (tx, ty, dx, dy) in cut {
            // The tip sits on the frame and the arms point back inside, so the clip keeps it whole.
            let a = (tx - 7 * dx - 5 * dy, ty - 7 * dy - 5 * dx)
            let b = (tx - 7 * dx + 5 * dy, ty - 7 * dy + 5 * dx)
            s.append(
                ##"<polyline class="clipped" fill="none" stroke="\##(color)" stroke-width="1.6" points="\##(n(a.0)),\##(n(a.1)) \##(n(tx)),\##(n(ty)) \##(n(b.0)),\##(n(b.1))"/>"##
            )
        }
        return s
    }

    /// Point labels, placed last so they sit on top. Each takes the first spot around its
    /// point (right, left, above, below) that overlaps no marker and no label placed before
    /// it, so clustered points stay legible; when none is free, the least crowded spot.
    private func pointLabels() -> [String] {
        struct Box {
            var x0, y0, x1, y1: Double
            func overlap(_ o: Box) -> Double {
                max(0, min(x1, o.x1) - max(x0, o.x0)) * max(0, min(y1, o.y1) - max(y0, o.y0))
            }
        }
        var labels: [(text: String, sx: Double, sy: Double)] = []
        var taken: [Box] = []
        for series in series where series.style == .markers {
            for (i, p) in series.points.enumerated() {
                let sx = px(p.x)
                let sy = py(p.y)
                taken.append(Box(x0: sx - 6, y0: sy - 6, x1: sx + 6, y1: sy + 6))
                if i < series.labels.count, !series.labels[i].isEmpty { labels.append((series.labels[i], sx, sy)) }
            }
        }
        // (dx, dy) from the point to the text's left end and baseline; anchor.
        let spots: [(dx: Double, dy: Double)] = [
            (8, -7), (8, 15), (-8, -7), (-8, 15), (-3, -11), (-3, 20),
            (12, 4), (-12, 4)
        ]
        var s: [String] = []
        for label in labels {
            let w = Double(label.text.count) * 6.6
            let h = 11.0
            var best: (box: Box, cost: Double)?
            for spot in spots {
                let x0 = spot.dx >= 0 ? label.sx + spot.dx : label.sx + spot.dx - w
                let box = Box(x0: x0, y0: label.sy + spot.dy - h + 2, x1: x0 + w, y1: label.sy + spot.dy + 2)
                var cost = taken.reduce(0) { $0 + $1.overlap(box) }
                // Inside the plot area only.
                if box.x0 < left || box.x1 > left + plotW || box.y0 < top || box.y1 > top + plotH { cost += 1_000 }
                if best == nil || cost < best!.cost { best = (box, cost) }
                if cost == 0 { break }
            }
            guard let box = best?.box else { continue }
            taken.append(box)
            s.append(
                ##"<text x="\##(n(box.x0))" y="\##(n(box.y1 - 2))" font-size="11" fill="#222">\##(esc(label.text))</text>"##
            )
        }
        return s
    }

    private func marker(_ m: Marker, at sx: Double, _ sy: Double, color: String) -> String {
        switch m {
        case .circle:
            return
                ##"<circle cx="\##(n(sx))" cy="\##(n(sy))" r="5" fill="\##(color)" stroke="#222" stroke-width="0.6"/>"##
        case .ring:
            return
                ##"<circle cx="\##(n(sx))" cy="\##(n(sy))" r="5" fill="#ffffff" stroke="\##(color)" stroke-width="2"/>"##
        case .square:
            return
                ##"<rect x="\##(n(sx - 4.5))" y="\##(n(sy - 4.5))" width="9" height="9" fill="\##(color)" stroke="#222" stroke-width="0.6"/>"##
        case .diamond:
            return
                ##"<polygon points="\##(n(sx)),\##(n(sy - 6)) \##(n(sx + 6)),\##(n(sy)) \##(n(sx)),\##(n(sy + 6)) \##(n(sx - 6)),\##(n(sy))" fill="\##(color)" stroke="#222" stroke-width="0.6"/>"##
        }
    }

    /// The legend as rows of entries under the x-axis title, so it never hides data.
    private var legendLayout: [(series: Series, x: Double, row: Int)] {
        var out: [(series: Series, x: Double, row: Int)] = []
        var x = left
        var row = 0
        // A region shows in the legend as a swatch (a series with no points, its fill as color).
        let swatches = regions.map {
            Series(name: $0.label, color: $0.fill, points: [], style: .markers, marker: .square)
        }
        for e in swatches + series where e.inLegend && !e.name.isEmpty {
            let w = 44 + Double(e.name.count) * 7.4
            if x + w > left + plotW, x > left {
                x = left
                row += 1
            }
            out.append((e, x, row))
            x += w + 14
        }
        return out
    }

    private var legendHeight: Double {
        legendLayout.last.map { Double($0.row + 1) * 20 + 6 } ?? 0
    }

    private func legend() -> [String] {
        var s: [String] = []
        for (e, x0, row) in legendLayout {
            let cy = height + 6 + Double(row) * 20
            if e.points.isEmpty && e.style == .markers {
                s.append(
                    ##"<rect x="\##(n(x0 + 3))" y="\##(n(cy - 7))" width="24" height="14" fill="\##(e.color)" stroke="#999"/>"##
                )
            } else if e.style == .markers {
                s.append(marker(e.marker, at: x0 + 15, cy, color: e.color))
            } else {
                let dash = e.dashed ? ##" stroke-dasharray="7,4""## : ""
                s.append(
                    ##"<line x1="\##(n(x0))" y1="\##(n(cy))" x2="\##(n(x0 + 30))" y2="\##(n(cy))" stroke="\##(e.color)" stroke-width="2.5"\##(dash)/>"##
                )
            }
            s.append(##"<text x="\##(n(x0 + 36))" y="\##(n(cy + 4.5))">\##(esc(e.name))</text>"##)
        }
        return s
    }

    /// Coordinates with at most one decimal: enough for a screen, and small files.
    private func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Text content and attribute values: XML escaping.
    func esc(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
