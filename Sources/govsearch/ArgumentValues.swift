import ArgumentParser
import GovSearchCore

// Option values ArgumentParser checks itself (its messages list the choices).
extension OutputFormat: ExpressibleByArgument {}
extension Facet: ExpressibleByArgument {}
extension Aggregation: ExpressibleByArgument {}
