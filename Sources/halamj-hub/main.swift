#if canImport(Glibc)
import Glibc
#endif
import HalamjCommandLine

// halamj-hub: the district hub's program. Each command is in its own file.
signal(SIGPIPE, SIG_IGN)
let words = Array(CommandLine.arguments.dropFirst())
await Console.runMain(tool: "halamj-hub") {
    try await HubCommand.run(words)
}
