import Dispatch
import Foundation
import GovSearchCore

/// A bounded pool of `Searcher`s (Xapian handles are not thread-safe: one per
/// request in flight). Each searcher has its own serial dispatch queue, so
/// the Xapian work runs on threads of its own: off the NIO event loops and
/// off Swift's cooperative pool, which on Linux shares libdispatch's
/// CPU-wide worker threads — a concurrent queue of CPU-bound searches would
/// starve the request tasks. A request that cannot get a searcher within
/// `timeout` is told so (the handler answers 503).
final class SearcherPool: @unchecked Sendable {
    enum Failure: Error, Equatable {
        case busy        // too many requests waiting already
        case timedOut    // no searcher became free in time
    }

    /// A searcher and the serial queue it runs on.
    final class Worker {
        let searcher: Searcher
        let queue: DispatchQueue
        init(_ searcher: Searcher, _ n: Int) {
            self.searcher = searcher
            queue = DispatchQueue(label: "govsearch.serve.searcher.\(n)", qos: .userInitiated)
        }
    }

    private enum Slot {
        case searcher(Worker)
        case create
        case failed(Failure)
    }

    let indexPath: String
    let capacity: Int
    let maxWaiting: Int
    let timeout: Double

    private let lock = NSLock()
    private var idle: [Worker] = []
    private var created = 0
    private var waiters: [(id: UInt64, resume: (Slot) -> Void)] = []
    private var nextWaiter: UInt64 = 0
    private var running = 0
    private var serial = 0
    /// Timeouts fire on their own serial queue: the Xapian queue's threads may all be busy.
    private let timers = DispatchQueue(label: "govsearch.serve.timeouts")

    let allowPartial: Bool

    init(indexPath: String, capacity: Int, maxWaiting: Int, timeout: Double, allowPartial: Bool = false) throws {
        self.indexPath = indexPath
        self.allowPartial = allowPartial
        self.capacity = max(1, capacity)
        self.maxWaiting = max(0, maxWaiting)
        self.timeout = timeout
        // Open one now so a missing index is reported at start, not on the first request.
        idle.append(Worker(try Searcher(indexPath: indexPath, allowPartial: allowPartial), 0))
        created = 1
        serial = 1
    }

    /// Searches in flight and requests waiting for a searcher (for /metrics).
    var load: (running: Int, waiting: Int, open: Int) {
        lock.lock(); defer { lock.unlock() }
        return (running, waiters.count, created)
    }

    /// Runs `body` with a searcher that has just been reopened (so a
    /// re-indexed index is seen without a restart), on the Xapian queue.
    func withSearcher<T>(_ body: @escaping (Searcher) throws -> T) async throws -> T {
        let worker = try await acquire()
        let searcher = worker.searcher
        return try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, Error>) in
            worker.queue.async {
                do {
                    try searcher.reopen()
                    let value = try body(searcher)
                    self.release(worker)
                    cont.resume(returning: value)
                } catch let e as GovSearchError {
                    // A bad query leaves the searcher fine; an index failure may not.
                    switch e {
                    case .badQuery, .badArgument, .notFound: self.release(worker)
                    default: self.discard()
                    }
                    cont.resume(throwing: e)
                } catch {
                    self.discard()
                    cont.resume(throwing: error)
                }
            }
        }
    }

    private func acquire() async throws -> Worker {
        let slot: Slot = await withCheckedContinuation { (cont: CheckedContinuation<Slot, Never>) in
            lock.lock()
            if let s = idle.popLast() {
                running += 1
                lock.unlock()
                cont.resume(returning: .searcher(s))
                return
            }
            if created < capacity {
                created += 1
                running += 1
                lock.unlock()
                cont.resume(returning: .create)
                return
            }
            if waiters.count >= maxWaiting {
                lock.unlock()
                cont.resume(returning: .failed(.busy))
                return
            }
            nextWaiter += 1
            let id = nextWaiter
            waiters.append((id, { cont.resume(returning: $0) }))
            lock.unlock()
            timers.asyncAfter(deadline: .now() + timeout) { [weak self] in
                guard let self else { return }
                self.lock.lock()
                if let i = self.waiters.firstIndex(where: { $0.id == id }) {
                    let w = self.waiters.remove(at: i)
                    self.lock.unlock()
                    w.resume(.failed(.timedOut))
                } else {
                    self.lock.unlock()
                }
            }
        }
        switch slot {
        case let .searcher(s): return s
        case let .failed(f): throw f
        case .create:
            do {
                let searcher = try Searcher(indexPath: indexPath, allowPartial: allowPartial)
                return Worker(searcher, nextSerial())
            } catch {
                discard()
                throw error
            }
        }
    }

    private func nextSerial() -> Int {
        lock.lock(); defer { lock.unlock() }
        serial += 1
        return serial
    }

    private func release(_ s: Worker) {
        lock.lock()
        if !waiters.isEmpty {
            let w = waiters.removeFirst()
            lock.unlock()
            w.resume(.searcher(s))  // `running` stays: the searcher changes hands
        } else {
            running -= 1
            idle.append(s)
            lock.unlock()
        }
    }

    /// Drops a searcher that failed; the next request opens a fresh one.
    private func discard() {
        lock.lock()
        if !waiters.isEmpty {
            let w = waiters.removeFirst()
            lock.unlock()
            w.resume(.create)
        } else {
            running -= 1
            created -= 1
            lock.unlock()
        }
    }
}
