import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes items `0..<count` on threads of its own, at most `window` ahead of the one consumer,
/// which takes them in order.
///
/// The threads run at a lower priority (a higher nice value; on Linux it is the thread's own).
/// Indexing's one writer is its bottleneck: at the same priority, the workers reading and
/// parsing the next files took the writer's core from it, and with a lower one they use what
/// the writer leaves (10,000 generated reports on 2 cores: the writer's time 41–43 → 40–41 s).
final class ReadAhead<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private let make: @Sendable (Int) -> Item
    /// Item i waits in slot i % window until it is taken.
    private var slots: [Item?]
    /// Items handed to a thread so far, items taken by the consumer, threads still running.
    private var claimed = 0, taken = 0, running = 0
    private var stopping = false

    /// - Parameter niceness: how much lower the threads' priority is (Linux nice increment).
    init(count: Int, window: Int, threads: Int, niceness: Int32, make: @escaping @Sendable (Int) -> Item) {
        self.count = count
        self.make = make
        slots = Array(repeating: nil, count: max(1, window))
        running = count == 0 ? 0 : max(1, min(threads, count))
        for _ in 0..<running {
            let thread = Thread { [self] in self.work(niceness: niceness) }
            thread.stackSize = 8 << 20  // as a Dispatch worker's: parsers recurse
            thread.start()
        }
    }

    /// The next item in order, once it is made; nil after the last.
    func next() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        guard taken < count else { return nil }
        let k = taken % slots.count
        while slots[k] == nil { condition.wait() }
        let item = slots[k]
        slots[k] = nil
        taken += 1
        condition.broadcast()  // a slot is free
        return item
    }

    /// Stops the threads once their current items are made, and waits for them.
    func finish() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        slots = slots.map { _ in nil }
        condition.unlock()
    }

    private func work(niceness: Int32) {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)  // 0: this thread
        #endif
        condition.lock()
        while true {
            while !stopping && claimed < count && claimed >= taken + slots.count { condition.wait() }
            if stopping || claimed >= count { break }
            let i = claimed
            claimed += 1
            condition.unlock()
            let item = make(i)
            condition.lock()
            slots[i % slots.count] = item
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }
}
