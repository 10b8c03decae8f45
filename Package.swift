// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "govsearch",
    // Linux only (Debian's libxapian, Glibc calls): no `platforms` line, as it can name Apple platforms only.
    products: [
        .executable(name: "govsearch", targets: ["govsearch"]),
        .library(name: "GovSearchCore", targets: ["GovSearchCore"]),
        // The readers on their own, for the fuzz targets in Fuzz/ (their own package, so never in `swift build`).
        .library(name: "Reports", targets: ["Reports"]),
    ],
    dependencies: [
        // Command-line parsing: the standard choice, ~1 min of first build.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // HTTP server for `govsearch serve`: SwiftNIO underneath, well kept; costs ~3 min of first build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own base: `serve` reads the errno of a failed bind from its IOError.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        // C shim over libxapian (C++); the header is plain C.
        .target(
            name: "CXapian",
            linkerSettings: [.linkedLibrary("xapian"), .linkedLibrary("stdc++")]
        ),
        // Safe Swift face over CXapian.
        .target(name: "XapianKit", dependencies: ["CXapian"]),
        // zlib (Debian zlib1g-dev): raw inflate for the zip reader of .docx/.xlsx/.ofd.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Normalization and CJK bigram tokenization; no Xapian.
        .target(name: "Segmentation"),
        // Decoding, formats, sections, metadata, statistics tables; no Xapian.
        .target(name: "Reports", dependencies: ["Segmentation", "CZlib"]),
        // Indexer, searcher, query language.
        .target(name: "GovSearchCore", dependencies: ["XapianKit", "Segmentation", "Reports"]),
        // Presentation: text tables, CSV, the SVG chart and the terminal views.
        .target(name: "GovSearchOutput", dependencies: ["GovSearchCore", "Reports"]),  // Reports: the inspect views
        // `govsearch serve`: HTTP JSON API and the web page.
        .target(
            name: "GovSearchServer",
            dependencies: ["GovSearchCore", "GovSearchOutput", "Reports", "Segmentation", .product(name: "Hummingbird", package: "hummingbird")],
            resources: [.copy("Public")]
        ),
        .executableTarget(
            name: "govsearch",
            dependencies: [
                "GovSearchCore", "GovSearchOutput", "GovSearchServer", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Helpers the test targets share: paths, temp dirs, processes, the corpus generator,
        // an index probe, and the text oracle (decodes reports without the Reports module).
        .target(name: "TestSupport", dependencies: ["GovSearchCore", "XapianKit"], path: "Tests/TestSupport"),
        .testTarget(name: "XapianKitTests", dependencies: ["XapianKit", "TestSupport"]),
        .testTarget(name: "SegmentationTests", dependencies: ["Segmentation"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "GovSearchCore", "TestSupport"]),  // the core writes inspect JSON
        .testTarget(name: "GovSearchCoreTests", dependencies: ["GovSearchCore", "GovSearchOutput", "Reports", "Segmentation", "XapianKit", "TestSupport"]),
        .testTarget(name: "GovSearchCLITests", dependencies: ["GovSearchCore", "Reports", "XapianKit", "govsearch", "TestSupport"]),
        .testTarget(name: "GovSearchOutputTests", dependencies: ["GovSearchOutput", "GovSearchCore", "TestSupport"]),
        .testTarget(
            name: "GovSearchServerTests",
            dependencies: [
                "GovSearchServer", "GovSearchCore", "Reports", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v5],
    cxxLanguageStandard: .cxx17
)
