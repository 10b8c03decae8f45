import ArgumentParser
import Dispatch
import Foundation
import GovSearchCore
import GovSearchServer
import NIOCore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index over HTTP: a JSON API and a search page.",
        discussion: """
        Listens on 127.0.0.1 unless --host says otherwise; stops cleanly on Ctrl-C / SIGTERM.
        A re-indexed index is picked up without a restart. Read-only: there are no write endpoints.
        API: GET /api/search?q=…&limit=&offset=&sort=&facets=, GET /api/reports/{id}, /health, /metrics, /openapi.json.
        """
    )

    @OptionGroup var location: IndexOptions
    @Option(help: "Address to listen on (default: loopback only).") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 8080
    @Option(help: "Searches run at once (default: 2 per core).") var maxConcurrent: Int?
    @Option(help: "Seconds a request may wait for a free searcher before 503.") var queueTimeout = 2.0
    @Option(help: "Answers kept per index revision (0: no cache).") var cacheEntries = 2048
    @Flag(help: "Answer from the shards that can be opened when a remote one cannot (answers list the missing ones).") var allowPartial = false

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0…65535") }
        if let m = maxConcurrent, m < 1 || m > 256 { throw ValidationError("--max-concurrent must be 1…256") }
        if cacheEntries < 0 { throw ValidationError("--cache-entries must not be negative") }
        if !(queueTimeout > 0 && queueTimeout <= 600) { throw ValidationError("--queue-timeout must be between 0 and 600 seconds") }
    }

    func run() throws {
        var options = ServerOptions(indexPath: location.path)
        options.host = host
        options.port = port
        if let maxConcurrent { options.maxConcurrentSearches = maxConcurrent }
        options.queueTimeout = queueTimeout
        options.cacheEntries = cacheEntries
        options.allowPartial = allowPartial

        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        let host = self.host
        let settings = options
        Task {
            do {
                try await SearchServer.run(settings) { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    print("govsearch: serving \(settings.indexPath) at http://\(shown):\(port)/ (Ctrl-C stops)")
                    fflush(stdout)
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            if error is GovSearchError { throw error }
            // Bind failures come as NIO's IOError with the errno of bind(2).
            switch (error as? IOError)?.errnoCode {
            case EADDRINUSE?:
                throw GovSearchError.badArgument("cannot listen on \(host):\(port): the address is already in use (another server? try --port)")
            case EACCES?, EPERM?, EADDRNOTAVAIL?:
                throw GovSearchError.badArgument("cannot listen on \(host):\(port): \(error)")
            default:
                throw error
            }
        }
    }
}

private final class Outcome: @unchecked Sendable {
    var error: Error?
}
