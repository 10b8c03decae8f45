import CLibFuzzer
import Foundation

nonisolated(unsafe) private var target: ((UnsafePointer<UInt8>, Int) -> Void)?

/// Runs libFuzzer with `body` as the target (each input as a pointer and a size) and exits with its status.
public func runFuzzer(_ body: @escaping (UnsafePointer<UInt8>, Int) -> Void) -> Never {
    target = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        // libFuzzer passes a null pointer for the empty input.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
            target!(data ?? UnsafePointer(empty.baseAddress!), size)
        }
        return 0
    }
    exit(status)
}

/// A broken invariant: a crash libFuzzer records with the input that caused it.
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                  file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
}

/// The input as `Data` (copied: the readers may keep it past the call).
public func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> Data { Data(bytes: data, count: size) }

/// The repository root (Fuzz/Sources/FuzzSupport/FuzzSupport.swift is four levels down).
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// A scratch folder for this process, removed at exit.
public let scratchDirectory: String = {
    let dir = NSTemporaryDirectory() + "govsearch-fuzz-\(getpid())"
    try? FileManager.default.removeItem(atPath: dir)
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    scratchToRemove = dir
    atexit { if let d = scratchToRemove { try? FileManager.default.removeItem(atPath: d) } }
    return dir
}()

nonisolated(unsafe) private var scratchToRemove: String?
