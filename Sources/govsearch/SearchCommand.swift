import ArgumentParser

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search")
    func run() throws {}
}
