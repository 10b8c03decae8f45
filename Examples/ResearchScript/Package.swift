// swift-tools-version:6.0
// A tiny script that uses GovSearchCore as a library: opens an index and
// prints a trend. Not part of the main build.
//   cd Examples/ResearchScript && swift run ResearchScript ../../index 依申请公开
import PackageDescription

let package = Package(
    name: "ResearchScript",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "ResearchScript",
            dependencies: [.product(name: "GovSearchCore", package: "govsearch")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
