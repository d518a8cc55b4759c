// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension SchemaNode {
    /// The supported subset of the Junos 19.4 configuration YANG (and, for Next Gen Services, 21.2's) (Juniper's published `junos-conf-services` and `junos-conf-interfaces` modules).
    static let junos: SchemaNode = .container("", [
        .container("interfaces", [
            SchemaNode("*", .namedEntry, [
                .container("load-balancing-options", [
                    .leaf("member-interface", repeatable: true),
                    .container("member-failure-options", [
                        .container("redistribute-all-traffic", [.flag("enable-rejoin")]),
                        .container("drop-member-traffic", [.leaf("rejoin-timeout"), .flag("enable-rejoin")]),
                    ]),
                    .container("high-availability-options", [
                        .container("many-to-one", [.leaf("preferred-backup")]),
                        .container("one-to-one", [.leaf("preferred-backup")]),
                    ]),
                ]),
                .container("services-options", [
                    .leaf("inactivity-timeout"),
                    .leaf("open-timeout"),
                    .leaf("close-timeout"),
                    .leaf("tcp-tickles"),
                    .leaf("session-timeout"),
                    .container("session-limit", [.leaf("maximum")]),
                    // The services interface's syslog, which a service set without its own takes.
                    .container("syslog", [syslogHost]),
                ]),
                .list("unit", [
                    .leaf("family", repeatable: true),
                    .leaf("vlan-id"),
                    .leaf("service-domain"),
                    .container("load-balancing-options", [hashKeys(resourceTriggered: false)]),
                ]),
            ]),
        ]),
        .container("services", [
            .list("service-set", [
                .leafList("stateful-firewall-rules"),
                .leafList("stateful-firewall-rule-sets"),
                .leaf("max-flows"),
                .container("service-set-options", [
                    .leaf("tcp-non-syn"),
                    .flag("bypass-traffic-on-exceeding-flow-limits"),
                    .flag("disable-session-open-syslog"),
                    .leaf("session-timeout"),
                    // Next Gen (SPEC.md §9; the Junos 21.2 YANG's service-set-options).
                    .leaf("inactivity-non-tcp-timeout"),
                    .container("session-limit", [.leaf("maximum")]),
                    .container("tcp-session", [
                        .leaf("open-timeout"),
                        .leaf("inactivity-tcp-timeout"),
                        .leaf("tcp-non-syn"),
                    ]),
                ]),
                .container("interface-service", [
                    .leaf("service-interface"),
                    .container("load-balancing-options", [hashKeys(resourceTriggered: true)]),
                ]),
                .container("next-hop-service", [
                    .leaf("inside-service-interface"),
                    .leaf("outside-service-interface"),
                ]),
                // SPEC.md §8: session and stateful-firewall logs.
                .container("syslog", [syslogHost]),
                // MX-SPC3 (SPEC.md §8): the service set's flow records.
                .container("jflow-log", [.leaf("template-profile")]),
                // Ours (SPEC.md §6): the Linux interfaces `ams run` reads.
                .container("linux-interfaces", [
                    .leaf("inside"),
                    .leaf("outside"),
                    .leaf("mode"),
                ]),
            ]),
            .container("stateful-firewall", [
                .list("rule", [
                    .leaf("match-direction"),
                    .list("term", [
                        .container("from", [
                            .leaf("source-address", values: 1...2, repeatable: true),
                            .leaf("destination-address", values: 1...2, repeatable: true),
                            .leaf("source-address-range", values: 4...5, repeatable: true),
                            .leaf("destination-address-range", values: 4...5, repeatable: true),
                            .leaf("source-prefix-list", values: 1...2, repeatable: true),
                            .leaf("destination-prefix-list", values: 1...2, repeatable: true),
                            .leafList("applications"),
                            .leafList("application-sets"),
                            .leaf("destination-port", values: 5...5),
                        ]),
                        .container("then", [
                            .flag("accept"),
                            .flag("discard"),
                            .flag("reject"),
                            .flag("syslog"),
                        ]),
                    ]),
                ]),
                .list("rule-set", [.leaf("rule", repeatable: true)]),
            ]),
            // Next Gen Services (SPEC.md §9): the Junos 21.2 YANG's `policy-object-type` subset.
            .container("policies", [
                .list("stateful-firewall-rule", [
                    .leaf("match-direction"),
                    .list("policy", [
                        .container("match", [
                            .leafList("source-address"),
                            .leafList("destination-address"),
                            .leafList("application"),
                        ]),
                        .container("then", [
                            .flag("permit"),
                            .flag("deny"),
                            .flag("reject"),
                            .flag("count"),
                        ]),
                    ]),
                ]),
                .list("stateful-firewall-rule-set", [.leaf("stateful-firewall-rule", repeatable: true)]),
            ]),
            // MX-SPC3's flow records (SPEC.md §8; `template-type session` is ours).
            .container("jflow-log", [
                .list("collector", [
                    .leaf("destination-address"),
                    .leaf("destination-port"),
                    .leaf("source-ip"),
                ]),
                .list("collector-group", [.leaf("collector", repeatable: true)]),
                .list("template-profile", [
                    .leaf("collector"),
                    .leaf("collector-group"),
                    .leaf("template-type"),
                    .leaf("version"),
                    .container("refresh-rate", [.leaf("packets"), .leaf("seconds")]),
                ]),
            ]),
            .list("address-book", [
                .leaf("address", values: 2...2, repeatable: true),
                .list("address-set", [
                    .leaf("address", repeatable: true),
                    .leaf("address-set", repeatable: true),
                ]),
            ]),
        ]),
        .container("applications", [
            .list("application", [
                .leaf("application-protocol"),
                .leaf("protocol"),
                .leaf("source-port"),
                .leaf("destination-port"),
                .leaf("icmp-type"),
                .leaf("icmp-code"),
                .leaf("ttl-threshold"),
                .leaf("inactivity-timeout"),
                .leaf("gate-timeout"),
                .leaf("child-inactivity-timeout"),
            ]),
            .list("application-set", [
                .leaf("application", repeatable: true),
                .leaf("application-set", repeatable: true),
            ]),
        ]),
        .container("policy-options", [
            .list("prefix-list", [SchemaNode("*", .namedFlag)]),
        ]),
        // SPEC.md §7: the host name, the NETCONF server and its users (`listen-address` is ours).
        .container("system", [
            .leaf("host-name"),
            .container("services", [
                .container("netconf", [
                    .container("ssh", [.leaf("port")]),
                    .flag("rfc-compliant"),
                    .leaf("listen-address"),
                ]),
            ]),
            .container("login", [
                .list("user", [
                    .leaf("uid"),
                    .leaf("class"),
                    .container("authentication", [
                        .leaf("encrypted-password"),
                        .leaf("ssh-ed25519", repeatable: true),
                        .leaf("ssh-ecdsa", repeatable: true),
                    ]),
                ]),
            ]),
        ]),
    ])

    /// `syslog host H { … }`, of a service set or of a services interface's `services-options` (SPEC.md §8;
    /// `structured-data`, `transport` as in Junos `system syslog host`, and `file`, are ours here).
    static let syslogHost: SchemaNode = .list("host", [
        .leaf("services"),
        .container("class", [.leaf("session-logs", values: 0...1), .flag("stateful-firewall-logs")]),
        .leaf("port"),
        .leaf("source-address"),
        .leaf("facility-override"),
        .leaf("log-prefix"),
        .flag("structured-data"),
        .leaf("transport"),
        .leaf("file"),
    ])

    private static func hashKeys(resourceTriggered: Bool) -> SchemaNode {
        var children: [SchemaNode] = [.leafList("ingress-key"), .leafList("egress-key")]
        if resourceTriggered { children.insert(.flag("resource-triggered"), at: 0) }
        return .container("hash-keys", children)
    }
}
