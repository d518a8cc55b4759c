// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Configuration texts shared by the tests.
enum SampleConfigurations {
    /// A full configuration touching every supported statement, in curly-brace form.
    static let full = """
        /* AMS bundle with two members */
        interfaces {
            ams0 {
                load-balancing-options {
                    member-interface mams-0/0/0;
                    member-interface mams-0/1/0;
                    member-failure-options {
                        drop-member-traffic {
                            rejoin-timeout 300;
                            enable-rejoin;
                        }
                    }
                    high-availability-options {
                        many-to-one {
                            preferred-backup mams-0/1/0;
                        }
                    }
                }
                services-options {
                    inactivity-timeout 60;
                    open-timeout 10;
                    close-timeout 4;
                    session-timeout 3600;
                    tcp-tickles 8;
                    session-limit {
                        maximum 100000;
                    }
                }
                unit 1 {
                    family inet;
                    family inet6;
                    vlan-id 100;
                    load-balancing-options {
                        hash-keys {
                            ingress-key [ source-ip protocol ];
                            egress-key destination-ip;
                        }
                    }
                }
                unit 2 {
                    family inet;
                }
            }
        }
        services {
            service-set s1 {
                stateful-firewall-rules r1;
                max-flows 10000;
                service-set-options {
                    tcp-non-syn drop-flow-send-rst;
                    bypass-traffic-on-exceeding-flow-limits;
                    session-timeout 600;
                }
                interface-service {
                    service-interface ams0.1;
                    load-balancing-options {
                        hash-keys {
                            resource-triggered;
                            ingress-key [ source-ip destination-ip ];
                        }
                    }
                }
            }
            service-set s2 {
                stateful-firewall-rule-sets rs1;
                next-hop-service {
                    inside-service-interface ams0.1;
                    outside-service-interface ams0.2;
                }
                jflow-log {
                    template-profile t1;
                }
            }
            stateful-firewall {
                rule r1 {
                    match-direction input-output;
                    term t1 {
                        from {
                            source-address 10.0.0.0/8;
                            source-address 10.1.0.0/16 except;
                            destination-address 2001:db8::/32;
                            source-address-range low 192.0.2.1 high 192.0.2.9 except;
                            destination-prefix-list servers;
                            applications [ junos-ftp my-app ];
                            application-sets web;
                            destination-port range low 1 high 1024;
                        }
                        then {
                            accept;
                            syslog;
                        }
                    }
                    term t2 {
                        then {
                            discard;
                        }
                    }
                }
                rule-set rs1 {
                    rule r1;
                }
            }
            jflow-log {
                collector c1 {
                    destination-address 192.0.2.20;
                    destination-port 4739;
                    source-ip 192.0.2.1;
                }
                collector-group cg1 {
                    collector c1;
                }
                template-profile t1 {
                    collector-group cg1;
                    template-type session;
                    version ipfix;
                    refresh-rate {
                        packets 100;
                        seconds 60;
                    }
                }
            }
        }
        applications {
            application my-app {
                application-protocol ftp;
                protocol tcp;
                source-port 1024-65535;
                destination-port 2121;
                inactivity-timeout 120;
                gate-timeout 30;
                child-inactivity-timeout 60;
            }
            application ping {
                protocol icmp;
                icmp-type 8;
                icmp-code 0;
            }
            application trace {
                application-protocol traceroute;
                protocol udp;
                ttl-threshold 30;
            }
            application-set web {
                application junos-http;
                application junos-https;
            }
            application-set all {
                application my-app;
                application-set web;
            }
        }
        policy-options {
            prefix-list servers {
                192.0.2.0/24;
                2001:db8:1::/48;
            }
        }

        """

    /// A minimal valid configuration in `set` form.
    static let minimalSet = """
        set interfaces ams0 load-balancing-options member-interface mams-0/0/0
        set interfaces ams0 unit 1 family inet
        set services service-set default stateful-firewall-rules allow-all
        set services service-set default interface-service service-interface ams0.1
        set services stateful-firewall rule allow-all match-direction input-output
        set services stateful-firewall rule allow-all term t1 then accept

        """
}
