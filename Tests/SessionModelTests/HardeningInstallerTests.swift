import Foundation
import TestSupport
import Testing

@testable import SessionModel

/// setup-agents install is a transaction (issue #12): a failure at any write rolls back what the run wrote, and
/// the manifest records each write as it is made.
@Suite struct HardeningInstallerTests {
    func options(_ tmp: TempDir, copy: Bool = false) -> Installer.Options {
        .init(
            agents: AgentRegistry.standard.entries.filter(\.setup).map(\.kind), hooks: true, dryRun: false, copy: copy,
            source: RepoRoot.path,
            binDirectory: "/opt/as/bin")
    }

    func prepared() throws -> TempDir {
        let tmp = TempDir()
        try tmp.write("home/.claude/settings.json", "{\"model\": \"opus\"}\n")
        try tmp.write(
            "home/.cursor/hooks.json", "{\"version\": 1, \"hooks\": {\"stop\": [{\"command\": \"./a.sh\"}]}}\n")
        return tmp
    }

    /// How many recorded writes a whole install makes.
    func writesOfAWholeInstall(copy: Bool) throws -> Int {
        let tmp = try prepared()
        var installer = Installer(TestRun("setup-agents", [], cwd: tmp.path, home: tmp.home).context.agentEnvironment)
        try installer.install(options(tmp, copy: copy))
        return installer.writes
    }

    @Test(arguments: [false, true])
    func aFailureAtAnyWriteRollsBackEverything(copy: Bool) throws {
        let total = try writesOfAWholeInstall(copy: copy)
        #expect(total > 20)
        for failAt in Set([1, 2, 3, total / 3, total / 2, total - 1, total]) {
            let tmp = try prepared()
            let before = TreeSnapshot.take(tmp.home)
            var installer = Installer(
                TestRun("setup-agents", [], cwd: tmp.path, home: tmp.home).context.agentEnvironment)
            installer.failAfterWrites = failAt
            #expect(throws: SessionError.self) { try installer.install(options(tmp, copy: copy)) }
            #expect(TreeSnapshot.take(tmp.home) == before, "failure at write \(failAt) of \(total) was not rolled back")
        }
    }

    @Test func aFailureWithoutRollbackIsStillUninstallable() throws {
        let total = try writesOfAWholeInstall(copy: true)
        for failAt in Set([1, total / 4, total / 2, total - 1]) {
            let tmp = try prepared()
            let before = TreeSnapshot.take(tmp.home)
            var installer = Installer(
                TestRun("setup-agents", [], cwd: tmp.path, home: tmp.home).context.agentEnvironment)
            installer.failAfterWrites = failAt
            installer.rollsBack = false  // as if killed right after that write
            #expect(throws: SessionError.self) { try installer.install(options(tmp, copy: true)) }
            #expect(TreeSnapshot.take(tmp.home) != before)
            var uninstaller = Installer(
                TestRun("setup-agents", [], cwd: tmp.path, home: tmp.home).context.agentEnvironment)
            try uninstaller.uninstall(agents: nil, dryRun: false)
            #expect(TreeSnapshot.take(tmp.home) == before, "partial install (\(failAt) writes) left files")
        }
    }
}
