/// The JSON answer for a failure: `{"error": …}`, or `{"query": …, "error": …}`
/// for one line of a batch.
public struct ErrorObject: JSONWritable, Sendable {
    public var query: String?
    public var message: String

    public init(query: String? = nil, message: String) {
        self.query = query
        self.message = message
    }

    public func write(to w: JSONWriter) {
        w.object {
            if let query { w.key("query"); w.string(query) }
            w.key("error"); w.string(message)
        }
    }
}
