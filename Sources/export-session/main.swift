import SessionModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

exit(ToolRunner.main(tool: "export-session", arguments: CommandLine.arguments))
