// swift-tools-version:6.0
// libFuzzer targets for agent-sessions. A separate package so the normal build never sees them; built only by
// `make fuzz` (scratch path .build-fuzz) with `-sanitize=fuzzer,address -parse-as-library` (libFuzzer owns main).
import PackageDescription

let fuzzers = ["fuzz-json", "fuzz-arguments", "fuzz-linereader", "fuzz-transcripts"]

let package = Package(
    name: "agent-sessions-fuzz",
    dependencies: [.package(name: "agent-sessions", path: "..")],
    targets: [
        .target(name: "CFuzzer", path: "Sources/CFuzzer"),
        .target(name: "FuzzBodies", dependencies: [.product(name: "SessionModel", package: "agent-sessions")],
                path: "Sources/FuzzBodies"),
    ] + fuzzers.map { .executableTarget(name: $0, dependencies: ["FuzzBodies", "CFuzzer"], path: "Sources/\($0)") },
    swiftLanguageModes: [.v6]
)
