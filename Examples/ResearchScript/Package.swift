// swift-tools-version:6.0
// A tiny script that uses GovSearchCore as a library: opens an index and
// prints a trend. Not part of the main build.
//   cd Examples/ResearchScript && swift run ResearchScript ../../index 依申请公开
import Foundation
import PackageDescription

// A path dependency is known by its folder's name (the checkout may be called
// `govsearch`, `main`, …), so the name is read from the path.
let repository = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "ResearchScript",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "ResearchScript",
            dependencies: [.product(name: "GovSearchCore", package: repository)]
        ),
    ],
    swiftLanguageModes: [.v5]
)
