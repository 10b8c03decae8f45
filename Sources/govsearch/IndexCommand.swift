import ArgumentParser

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index")
    func run() throws {}
}
