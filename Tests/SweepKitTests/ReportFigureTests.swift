import Foundation
import Testing

@testable import SweepKit

/// The scatter must stay readable where points crowd: labels apart, the Pareto front unlike
/// the threshold lines.
@Suite(.timeLimit(.minutes(10)))
struct ReportFigureTests {
    /// The boxes of the point labels ("#N") in an SVG, from their text position and length.
    static func labelBoxes(_ svg: String) -> [(text: String, x0: Double, y0: Double, x1: Double, y1: Double)] {
        let pattern = try! NSRegularExpression(
            pattern: ##"<text x="([-0-9.]+)" y="([-0-9.]+)" font-size="11" fill="#222">(#[0-9]+)</text>"##)
        let ns = svg as NSString
        return pattern.matches(in: svg, range: NSRange(location: 0, length: ns.length)).map { m in
            let x = Double(ns.substring(with: m.range(at: 1)))!
            let y = Double(ns.substring(with: m.range(at: 2)))!
            let text = ns.substring(with: m.range(at: 3))
            return (text, x, y - 9, x + Double(text.count) * 6.6, y + 2)
        }
    }

    @Test func crowdedPointLabelsDoNotOverlap() {
        // Six points within a few pixels of each other, as in a sweep whose rows are close.
        let pts: [(x: Double, y: Double)] = [
            (39.5, 1.66), (39.8, 1.68), (38.5, 1.53), (36.9, 1.50), (40.3, 1.47), (42.2, 1.60)
        ]
        let series = SVGChart.Series(
            name: "rows", color: "#d64545", points: pts, style: .markers,
            labels: pts.indices.map { "#\($0 + 1)" })
        let chart = SVGChart(
            title: "t", x: ChartAxis.fitting([0, 200], label: "x"), y: ChartAxis.fitting([0.8, 2.4], label: "y"),
            series: [series])
        let boxes = Self.labelBoxes(chart.render())
        #expect(boxes.count == pts.count)
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i]
                let b = boxes[j]
                let apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0
                #expect(apart, "\(a.text) overlaps \(b.text)")
            }
        }
    }

    @Test func theParetoFrontIsASolidColouredLine() throws {
        let svg = ReportFigures.scatter(Aggregator.aggregate(ReportFixture.sweep(), rules: Rules()))
        let front = try #require(
            svg.split(separator: "\n").first { $0.hasPrefix("<polyline") && $0.contains("#7048a8") })
        #expect(!front.contains("stroke-dasharray"))
        #expect(svg.contains(">Pareto front (dynamic_suffix)</text>"))
    }
}
