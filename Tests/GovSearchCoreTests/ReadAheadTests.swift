import Foundation
@testable import GovSearchCore
import XCTest

final class ReadAheadTests: XCTestCase {
    typealias Locked = IndexBatchAtomicityTests.Locked

    /// Items come in order whatever order the threads finish them in, and no thread runs more
    /// than `window` items ahead of the consumer.
    func testItemsComeInOrderWithinTheWindow() {
        let window = 4
        // (`taken` counts after `next` returns, so an item may lead it by the whole window.)
        let taken = Locked(0), furthest = Locked(0)
        let ahead = ReadAhead<Int>(count: 200, window: window, threads: 3, niceness: 0) { i in
            let lead = i - taken.current
            furthest.update { $0 = max($0, lead) }
            usleep(useconds_t((i * 7919) % 5) * 100)  // uneven work: later items often finish first
            return i * i
        }
        var got: [Int] = []
        while let v = ahead.next() {
            got.append(v)
            taken.update { $0 += 1 }
        }
        ahead.finish()
        XCTAssertEqual(got, (0..<200).map { $0 * $0 })
        XCTAssertLessThanOrEqual(furthest.current, window, "an item was made \(furthest.current) ahead of the consumer")
        XCTAssertNil(ahead.next())
    }

    /// `finish` stops the threads early (the writer failed) and returns once they have exited.
    func testFinishStopsTheThreadsEarly() {
        let made = Locked(0), running = Locked(0)
        let ahead = ReadAhead<Int>(count: 10_000, window: 8, threads: 2, niceness: 0) { i in
            running.update { $0 += 1 }
            defer { running.update { $0 -= 1 } }
            made.update { $0 += 1 }
            return i
        }
        XCTAssertEqual(ahead.next(), 0)
        ahead.finish()
        XCTAssertEqual(running.current, 0, "a thread still making an item after finish")
        let after = made.current
        XCTAssertLessThanOrEqual(after, 1 + 8, "made past the window")
        usleep(20_000)
        XCTAssertEqual(made.current, after, "items made after finish")
    }

    func testNoItems() {
        let ahead = ReadAhead<Int>(count: 0, window: 8, threads: 2, niceness: 0) { $0 }
        XCTAssertNil(ahead.next())
        ahead.finish()
    }
}
