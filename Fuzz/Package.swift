// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets (docs/fuzzing.md). A package of its own so that these
// executables, which have no `main` (libFuzzer supplies it) and need
// `-sanitize=fuzzer`, never enter the main package's `swift build`/`swift test`.
// Built and run by `make fuzz` in the repository root.
let package = Package(
    name: "govsearch-fuzz",
    dependencies: [.package(name: "govsearch", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        .executableTarget(name: "FuzzQuery", dependencies: ["FuzzSupport", .product(name: "GovSearchCore", package: "govsearch")]),
        .executableTarget(name: "FuzzTextDecoder", dependencies: ["FuzzSupport", .product(name: "Reports", package: "govsearch")]),
        .executableTarget(name: "FuzzHTML", dependencies: ["FuzzSupport", .product(name: "Reports", package: "govsearch")]),
        .executableTarget(name: "FuzzZip", dependencies: ["FuzzSupport", .product(name: "Reports", package: "govsearch")]),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzSupport", .product(name: "Reports", package: "govsearch")]),
        .executableTarget(name: "FuzzOLE", dependencies: ["FuzzSupport", .product(name: "Reports", package: "govsearch")]),
        .executableTarget(name: "FuzzStatistics", dependencies: ["FuzzSupport", .product(name: "GovSearchCore", package: "govsearch")]),
    ],
    swiftLanguageModes: [.v5]
)
