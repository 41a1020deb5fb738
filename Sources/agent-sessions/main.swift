import SessionModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The installed form (issue #16/#17): one statically linked, stripped binary; the six tools are hard links to it and
// it runs the tool its name says (`save-state` → save-state). `agent-sessions <tool> …` works too.
let arguments = CommandLine.arguments
let name = String((arguments.first ?? "").split(separator: "/").last ?? "")
if ToolRunner.command(for: name) != nil {
    exit(ToolRunner.main(tool: name, arguments: arguments))
}
if arguments.count > 1, ToolRunner.command(for: arguments[1]) != nil {
    exit(ToolRunner.main(tool: arguments[1], arguments: [arguments[1]] + arguments.dropFirst(2)))
}
let tools = ["save-session", "save-state", "load-state", "export-session", "resume-session", "setup-agents"]
FileDescriptorSink(fd: 2).line(
    "agent-sessions: unknown tool; run it as one of \(tools.joined(separator: ", ")) (hint: agent-sessions save-state --help)"
)
exit(64)
