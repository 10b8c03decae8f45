import ArgumentParser

@main
struct GovSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govsearch",
        abstract: "Full-text search over Chinese government information-disclosure annual reports.",
        subcommands: [SearchCommand.self, IndexCommand.self, InspectCommand.self],
        defaultSubcommand: SearchCommand.self
    )
}
