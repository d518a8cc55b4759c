// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import SessionEngine
import Testing

/// The service sets' `linux-interfaces` as the engine takes them (SPEC.md §6): each interface with its side
/// and service set, in configuration order, and the one mode.
@Suite struct LiveInterfaceConfigurationTests {
    @Test func interfacesCarryTheirSideAndServiceSet() throws {
        let (parsed, diagnostics) = ConfigurationParser.parse(
            """
            set interfaces ams0 load-balancing-options member-interface mams-0/0/0
            set interfaces ams0 unit 1 family inet
            set interfaces ams0 unit 2 family inet
            set services service-set a interface-service service-interface ams0.1
            set services service-set b interface-service service-interface ams0.2
            set services service-set b linux-interfaces inside in-b
            set services service-set b linux-interfaces outside out-b
            set services service-set b linux-interfaces mode inline
            set services service-set c interface-service service-interface ams0.2
            set services service-set c linux-interfaces outside out-c
            set services service-set c linux-interfaces inside in-c
            set services service-set c linux-interfaces mode inline
            """, file: "t.conf")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let engine = try EngineConfiguration(configuration: try #require(parsed))
        #expect(engine.liveMode == .inline)
        #expect(engine.liveInterfaces == [
            LiveInterface(name: "in-b", side: .inside, serviceSet: 1),
            LiveInterface(name: "out-b", side: .outside, serviceSet: 1),
            LiveInterface(name: "in-c", side: .inside, serviceSet: 2),
            LiveInterface(name: "out-c", side: .outside, serviceSet: 2),
        ])
    }

    @Test func noLinuxInterfacesNoMode() throws {
        let engine = EngineConfiguration.builtInDefault()
        #expect(engine.liveInterfaces.isEmpty)
        #expect(engine.liveMode == nil)
    }
}
