import Foundation
import Hummingbird

/// Bytes made on a searcher's thread (a blocking writer) handed to an HTTP
/// body (an async reader) with at most `depth` chunks in between: a slow
/// client slows the writer down, so memory stays flat however long the export.
/// The writer first says whether it could start (`begin`), so a bad request is
/// still an ordinary error answer rather than a broken stream.
final class BytePipe: @unchecked Sendable {
    enum Event: Sendable { case bytes([UInt8]), end, failed }
    struct Cancelled: Error {}

    /// Guards everything below; writers wait on it for room.
    private let lock = NSCondition()
    private let depth: Int
    /// Chunks passed on and not yet taken by the reader.
    private var inFlight = 0
    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private var cancelled = false
    private var started: Result<Void, Error>?
    private var waiter: CheckedContinuation<Result<Void, Error>, Never>?

    init(depth: Int = 4) {
        self.depth = depth
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
    }

    // MARK: writer side (blocking; a searcher's thread)

    /// The writer could start (nil) or not (the error to answer with).
    func begin(_ error: Error?) {
        lock.lock()
        let result: Result<Void, Error> = error.map { .failure($0) } ?? .success(())
        if started == nil { started = result }
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume(returning: result)
    }

    /// Waits for room, then passes `bytes` on; throws when the reader went away.
    func send(_ bytes: [UInt8]) throws {
        lock.lock()
        while inFlight >= depth && !cancelled { lock.wait() }
        if cancelled {
            lock.unlock()
            throw Cancelled()
        }
        inFlight += 1
        lock.unlock()
        continuation.yield(.bytes(bytes))
    }

    func finish(failed: Bool = false) {
        continuation.yield(failed ? .failed : .end)
        continuation.finish()
    }

    // MARK: reader side

    /// Whether the writer could start.
    func waitForStart() async -> Result<Void, Error> {
        await withCheckedContinuation { c in
            lock.lock()
            if let started {
                lock.unlock()
                c.resume(returning: started)
            } else {
                waiter = c
                lock.unlock()
            }
        }
    }

    /// The reader gives up: the writer's next `send` throws.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }

    /// The reader took a chunk: room for another.
    private func taken() {
        lock.lock()
        inFlight -= 1
        lock.signal()
        lock.unlock()
    }

    /// The body of a streamed answer. Dropping it unread (a HEAD request, a
    /// client gone) cancels the writer, so no searcher is held for nobody.
    func body() -> ResponseBody {
        let reader = Reader(pipe: self)
        return ResponseBody { writer in try await reader.copy(to: &writer) }
    }

    final class Reader: Sendable {
        let pipe: BytePipe
        init(pipe: BytePipe) { self.pipe = pipe }
        deinit { pipe.cancel() }

        func copy(to writer: inout any ResponseBodyWriter) async throws {
            for await e in pipe.events {
                switch e {
                case .bytes(let b):
                    pipe.taken()
                    try await writer.write(ByteBuffer(bytes: b))
                case .end:
                    try await writer.finish(nil)
                    return
                case .failed:
                    // Cut the stream: a client must not take a truncated export for a whole one.
                    throw BytePipe.Cancelled()
                }
            }
            throw BytePipe.Cancelled()
        }
    }
}
