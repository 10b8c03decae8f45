import Foundation

/// Answers already computed for the current index revision, least recently
/// used dropped first. The revision is read from the index's `iamglass`
/// file (rewritten by every commit), so a re-index empties the cache on the
/// next request; nothing stale is served across commits.
final class ResponseCache: @unchecked Sendable {
    let maxEntries: Int
    let maxBytes: Int
    private let lock = NSLock()
    private var entries: [String: (body: String, used: UInt64)] = [:]
    private var bytes = 0
    private var tick: UInt64 = 0
    private var generation = ""
    private(set) var hits = 0
    private(set) var misses = 0

    init(maxEntries: Int, maxBytes: Int = 64 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    var enabled: Bool { maxEntries > 0 }

    /// The index revision token: identity and time of `iamglass`; nil when it
    /// cannot be read (then nothing is cached).
    static func generation(of indexPath: String) -> String? {
        var st = stat()
        guard stat(indexPath + "/iamglass", &st) == 0 else { return nil }
        return "\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }

    func get(_ key: String, generation gen: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        if gen != generation { clear(gen) }
        guard let e = entries[key] else { misses += 1; return nil }
        tick += 1
        entries[key] = (e.body, tick)
        hits += 1
        return e.body
    }

    func put(_ key: String, _ body: String, generation gen: String) {
        let size = body.utf8.count + key.utf8.count
        guard enabled, size <= maxBytes / 16 else { return }
        lock.lock(); defer { lock.unlock() }
        if gen != generation { clear(gen) }
        tick += 1
        if let old = entries[key] { bytes -= old.body.utf8.count + key.utf8.count }
        entries[key] = (body, tick)
        bytes += size
        if entries.count > maxEntries || bytes > maxBytes { evict() }
    }

    var counts: (hits: Int, misses: Int, entries: Int) {
        lock.lock(); defer { lock.unlock() }
        return (hits, misses, entries.count)
    }

    private func clear(_ gen: String) {
        entries.removeAll(keepingCapacity: true)
        bytes = 0
        generation = gen
    }

    /// Drops the least recently used quarter (amortized: runs rarely).
    private func evict() {
        let keep = max(0, min(maxEntries, entries.count) * 3 / 4)
        let sorted = entries.sorted { $0.value.used > $1.value.used }
        var kept: [String: (body: String, used: UInt64)] = [:]
        var total = 0
        for (k, v) in sorted.prefix(keep) {
            let size = v.body.utf8.count + k.utf8.count
            if total + size > maxBytes * 3 / 4 { break }
            kept[k] = v
            total += size
        }
        entries = kept
        bytes = total
    }
}
