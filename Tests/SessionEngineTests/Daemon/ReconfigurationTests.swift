// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import PacketCapture
import ServicesCore
import SessionEngine
import Testing

/// A reload's engine side (`PacketDriver.reconfigure`): each session re-decided by the new policy, kept if
/// the verdict is the same, ended otherwise — counted.
@Suite("Reconfiguration")
struct ReconfigurationTests {
    static let firewall = try! String(
        contentsOf: CommandExecutorTests.root.appendingPathComponent("Samples/config/stateful-firewall.conf"),
        encoding: .utf8)

    /// The stateful-firewall sample configuration with `edit` applied to its text.
    static func configuration(_ edit: (String) -> String = { $0 }) throws -> EngineConfiguration {
        let (configuration, diagnostics) = ConfigurationParser.parse(edit(firewall), file: "test.conf")
        #expect(!diagnostics.contains { $0.severity == .error })
        return try EngineConfiguration(configuration: try #require(configuration))
    }

    /// The sample capture replayed to its end as fast as possible under `configuration`.
    static func replayed(_ configuration: EngineConfiguration) throws -> PacedReplayDriver {
        var driver = PacedReplayDriver(
            file: try CaptureFile(path: CommandExecutorTests.sample), configuration: configuration,
            pace: .asFastAsPossible, wallClock: { 0 })
        while driver.pump(atWallClock: 0) != .ended {}
        return driver
    }

    static func sessions(_ driver: borrowing PacedReplayDriver) -> [SessionSnapshot] {
        driver.tables.snapshot().flatMap(\.sessions)
    }

    /// The live counts by service set and state agree with the sessions (a reload keeps them right).
    static func countsAgree(_ driver: borrowing PacedReplayDriver) -> Bool {
        driver.tables.countRows(SessionFilter()).reduce(0) { $0 + $1.total } == driver.tables.liveSessions
    }

    @Test func theSameConfigurationKeepsEverySession() throws {
        var driver = try Self.replayed(try Self.configuration())
        let before = Self.sessions(driver)
        #expect(before.count == 11)
        let outcome = try driver.reconfigure(try Self.configuration())
        #expect(outcome == ReconfigurationOutcome(kept: 11, ended: 0))
        #expect(Self.sessions(driver) == before)
    }

    @Test func aRuleNoLongerAcceptingEndsItsSessions() throws {
        var driver = try Self.replayed(try Self.configuration())
        let web = Self.sessions(driver).filter { $0.initiator.destinationPort == 8080 }.count
        #expect(web == 3)
        let outcome = try driver.reconfigure(
            try Self.configuration { $0.replacingOccurrences(of: " web-8080 ]", with: " ]") })
        #expect(outcome == ReconfigurationOutcome(kept: 8, ended: 3))
        #expect(!Self.sessions(driver).contains { $0.initiator.destinationPort == 8080 })
        let agree = Self.countsAgree(driver)
        #expect(agree)
    }

    /// FTP no longer accepted: its control sessions end, and their data sessions (children) with them.
    @Test func childrenEndWithTheirParent() throws {
        var driver = try Self.replayed(try Self.configuration())
        let ftp = Self.sessions(driver).filter { $0.initiator.destinationPort == 21 || $0.parentID != nil }.count
        #expect(ftp == 4)
        let outcome = try driver.reconfigure(
            try Self.configuration { $0.replacingOccurrences(of: "[ junos-ftp ", with: "[ ") })
        #expect(outcome == ReconfigurationOutcome(kept: 7, ended: 4))
        let agree = Self.countsAgree(driver)
        #expect(agree)
    }

    @Test func aServiceSetThatIsGoneEndsItsSessions() throws {
        var driver = try Self.replayed(try Self.configuration())
        let outcome = try driver.reconfigure(
            try Self.configuration { $0.replacingOccurrences(of: "service-set ss1", with: "service-set ss2") })
        #expect(outcome == ReconfigurationOutcome(kept: 0, ended: 11))
        #expect(driver.tables.liveSessions == 0)
    }

    /// A service set that moves to another place keeps its sessions, counted under its name.
    @Test func aServiceSetThatMovesKeepsItsSessions() throws {
        var driver = try Self.replayed(try Self.configuration())
        let moved = try Self.configuration {
            $0.replacingOccurrences(
                of: "services {\n    service-set ss1 {",
                with: "services {\n    service-set first {\n        interface-service {\n            service-interface ams0.1;\n        }\n    }\n    service-set ss1 {")
        }
        #expect(moved.serviceSets.map(\.name) == ["first", "ss1"])
        let outcome = try driver.reconfigure(moved)
        #expect(outcome == ReconfigurationOutcome(kept: 11, ended: 0))
        #expect(Self.sessions(driver).allSatisfy { $0.serviceSet == "ss1" })
        let rows = driver.tables.countRows(SessionFilter())
        #expect(rows.filter { $0.serviceSet == "ss1" }.reduce(0) { $0 + $1.total } == 11)
        #expect(rows.filter { $0.serviceSet == "first" }.reduce(0) { $0 + $1.total } == 0)
        // The sessions created, by service set, go with it to its new place (`/metrics`).
        let counters = driver.tables.memberCounters
        #expect(counters.allSatisfy { $0.sessionsCreatedByServiceSet.count == 2 && $0.sessionsCreatedByServiceSet[0] == 0 })
        #expect(counters.allSatisfy { $0.sessionsCreatedByServiceSet[1] == $0.sessionsCreated })
        #expect(counters.reduce(0) { $0 + $1.sessionsCreated } == 11)
    }

    @Test func anotherNumberOfMembersIsRefused() throws {
        var driver = try Self.replayed(try Self.configuration())
        let three = try Self.configuration {
            $0.replacingOccurrences(of: "member-interface mams-0/1/0;", with: "member-interface mams-0/1/0;\n            member-interface mams-1/0/0;")
        }
        #expect(throws: ReconfigurationError.self) { try driver.reconfigure(three) }
        #expect(driver.tables.liveSessions == 11)
        #expect(driver.tables.configuration.members.count == 2)
    }

    /// A reload in the middle of a replay: the replay goes on to the same tables as without it (the same
    /// policy: every flow keeps its session and member).
    @Test func theReplayGoesOnAfterAReload() throws {
        let configuration = try Self.configuration()
        func replay(reloading: Bool) throws -> [SessionSnapshot] {
            var driver = PacedReplayDriver(
                file: try CaptureFile(path: CommandExecutorTests.sample), configuration: configuration,
                pace: .speed(1), wallClock: { 0 })
            let second: UInt64 = 1_000_000_000
            _ = driver.pump(atWallClock: 0)
            _ = driver.pump(atWallClock: second / 4)
            #expect(driver.tables.liveSessions > 0)
            if reloading { _ = try driver.reconfigure(configuration) }
            while driver.pump(atWallClock: 3 * second) != .ended {
                _ = driver.pump(atWallClock: 4 * second)
            }
            return Self.sessions(driver)
        }
        let whole = try replay(reloading: false)
        #expect(whole.count == 11)
        #expect(try replay(reloading: true) == whole)
    }
}
