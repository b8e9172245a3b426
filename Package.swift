// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "blocksweep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "blocksweep", targets: ["blocksweep"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Tests only: random sweeps for the planner's property test.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1")
    ],
    targets: [
        // OpenBLAS through its CBLAS header; every matrix product of the engine goes here.
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The shared nouns: parameter table, config, schedules, result JSON, device spec, journal
        // entry, number formatting. No dependencies, so every module can speak it.
        .target(name: "Vocabulary"),
        // The training engine: pure computation, no file or process IO. No -Ounchecked: it removes
        // the engine's preconditions and gained nothing measurable in tools/bench-engine.sh (CHANGELOG.md).
        .target(
            name: "BlockBench",
            dependencies: ["Vocabulary", "COpenBLAS"]
        ),
        // The pure core: sweep files, planning, rules, statistics, reports. Returns values, never prints.
        .target(
            name: "SweepKit",
            dependencies: [
                "Vocabulary",
                .product(name: "Yams", package: "Yams")
            ]
        ),
        // Linux calls Swift's Glibc module does not import: thread affinity, closefrom for spawn.
        .target(name: "CSweepSupport"),
        // The edge: devices, processes, journal, backends, progress.
        .target(
            name: "SweepRunner",
            dependencies: ["SweepKit", "Vocabulary", "CSweepSupport"]
        ),
        .executableTarget(
            name: "blocksweep",
            dependencies: [
                "Vocabulary",
                "BlockBench",
                "SweepKit",
                "SweepRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        // Speed check of the engine against the machine's own sgemm (tools/bench-engine.sh).
        .executableTarget(
            name: "engine-speed",
            dependencies: ["BlockBench", "COpenBLAS"]
        ),
        .testTarget(
            name: "VocabularyTests",
            dependencies: ["Vocabulary"]
        ),
        .testTarget(
            name: "BlockBenchTests",
            dependencies: ["BlockBench", "Vocabulary"]
        ),
        // What the test targets share: running the built `blocksweep` binary, golden files, a
        // sandbox for command-runner sweeps, result files in the reference script's layout.
        .target(
            name: "BlocksweepTestSupport",
            dependencies: ["Vocabulary"],
            path: "Tests/Support"
        ),
        // The executable: its command-line code in process, and every test that runs the built
        // `blocksweep` binary and checks its output, files and exit codes. The library targets'
        // tests never run the binary.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "blocksweep", "BlockBench", "SweepKit", "SweepRunner", "Vocabulary", "BlocksweepTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        .testTarget(
            name: "SweepKitTests",
            dependencies: [
                "SweepKit", "Vocabulary", "BlocksweepTestSupport",
                // CostEstimateTests count FLOPs from the engine's own shapes.
                "BlockBench",
                .product(name: "PropertyBased", package: "swift-property-based")
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SweepRunnerTests",
            dependencies: ["SweepRunner", "SweepKit", "Vocabulary", "BlocksweepTestSupport"]
        )
    ]
)
