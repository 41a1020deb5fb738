import SessionModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

exit(ToolRunner.main(tool: "setup-agents", arguments: CommandLine.arguments))
