import SessionModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

exit(ToolRunner.main(tool: "resume-session", arguments: CommandLine.arguments))
