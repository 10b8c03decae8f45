import CXapian

extension Database {
    /// The positions of `term` in each of `docids` (ascending) in one call:
    /// `positions[begins[i] ..< begins[i + 1]]` are document i's, ascending.
    public func positions(of term: [UInt8], in docids: [UInt32]) throws -> (positions: [UInt32], begins: [Int]) {
        var p: UnsafeMutablePointer<UInt32>? = nil
        var n = 0
        var begins = [Int](repeating: 0, count: docids.count + 1)
        try term.withUnsafeBufferPointer { buf throws in
            try check {
                cx_database_positions_in(handle, docids, docids.count,
                                         buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count,
                                         &p, &n, &begins, $0)
            }
        }
        guard let p else { return ([], begins) }
        defer { cx_free(p) }
        return (Array(UnsafeBufferPointer(start: p, count: n)), begins)
    }
}
