#if canImport(Glibc)
import Glibc
#endif
import HalamjCommandLine

// halamj-node: the soum or khoroo office's program. Each command is in its own file.
// A closed pipe (`| head`) must not kill the process mid-write.
signal(SIGPIPE, SIG_IGN)
let words = Array(CommandLine.arguments.dropFirst())
await Console.runMain(tool: "halamj-node") {
    try await NodeCommand.run(words)
}
