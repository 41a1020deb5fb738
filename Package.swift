// swift-tools-version:6.0
// agent-sessions: no third-party packages. The toolchain and the system's libsqlite3 only.
import PackageDescription

let tools = ["save-session", "save-state", "load-state", "export-session", "resume-session", "setup-agents"]

let package = Package(
    name: "agent-sessions",
    platforms: [.macOS(.v13)],
    products: (tools + ["agent-sessions"]).map { .executable(name: $0, targets: [$0]) } + [
        .library(name: "SessionModel", targets: ["SessionModel"])
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // The vector byte scans of the JSON reader (our own C: the one place with CPU-specific code).
        .target(name: "CByteScan", path: "Sources/CByteScan"),
        .target(name: "SessionModel", dependencies: ["CSQLite", "CByteScan"], path: "Sources/SessionModel"),
        // What both test targets share (scratch folders, git in tests, the repository's root).
        .target(name: "TestSupport", dependencies: ["SessionModel"], path: "Tests/TestSupport"),
    ]
        + (tools + ["agent-sessions"]).map {
            .executableTarget(name: $0, dependencies: ["SessionModel"], path: "Sources/\($0)")
        } + [
            .testTarget(
                name: "SessionModelTests", dependencies: ["SessionModel", "TestSupport"],
                path: "Tests/SessionModelTests",
                resources: []),
            .testTarget(
                name: "EndToEndTests",
                dependencies: ["SessionModel", "TestSupport"] + (tools + ["agent-sessions"]).map { .target(name: $0) },
                path: "Tests/EndToEndTests"),
        ],
    swiftLanguageModes: [.v6]
)
