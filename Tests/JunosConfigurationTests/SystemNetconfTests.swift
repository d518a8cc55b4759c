// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Testing

/// `system services netconf` and `system login user` (SPEC.md §7): model, printing, diagnostics.
@Suite struct SystemNetconfTests {
    static let hash = "$6$salt1234$8lW0YcJ2S3dPb0zX8r6zC1l0n5d9T1yQ3bQw0mWvJgkq3kqz7T1dM8w0y1l2b3c4d5e6f7g8h9i0j1k2l3m4n5"
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE4m8pUq0lyZ1Q9wZ5Y3QmKq1vB7i3xkJp2dQ0wXn6m alice@lab"

    static let text = """
        system {
            services {
                netconf {
                    ssh {
                        port 8830;
                    }
                    rfc-compliant;
                    listen-address ::1;
                }
            }
            login {
                user alice {
                    uid 2001;
                    class super-user;
                    authentication {
                        encrypted-password "\(hash)";
                        ssh-ed25519 "\(ed25519)";
                    }
                }
                user bob {
                    class read-only;
                    authentication {
                        ssh-ecdsa "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY= bob";
                    }
                }
            }
        }

        """

    @Test func model() throws {
        let result = ConfigurationParser.parse(Self.text, file: "t.conf")
        #expect(result.diagnostics.isEmpty)
        let configuration = try #require(result.configuration)
        #expect(configuration.netconf == NetconfService(port: 8830, rfcCompliant: true, listenAddress: "::1"))
        #expect(configuration.loginUsers.count == 2)
        let alice = configuration.loginUsers[0]
        #expect(alice.name == "alice" && alice.uid == 2001 && alice.loginClass == .superUser)
        #expect(alice.encryptedPassword == Self.hash)
        #expect(alice.publicKeys == [LoginUser.PublicKey(kind: .ed25519, openSSH: Self.ed25519)])
        #expect(alice.loginClass.mayClear)
        let bob = configuration.loginUsers[1]
        #expect(bob.loginClass == .readOnly && !bob.loginClass.mayClear && bob.encryptedPassword == nil)
        #expect(bob.publicKeys.map(\.kind) == [.ecdsa])
    }

    @Test func defaults() throws {
        let configuration = try #require(
            ConfigurationParser.parse("system { services { netconf; } }", file: "t.conf").configuration)
        let netconf = try #require(configuration.netconf)
        #expect(netconf.effectivePort == 830 && netconf.effectiveListenAddress == "127.0.0.1" && !netconf.rfcCompliant)
        #expect(try #require(ConfigurationParser.parse("", file: "t.conf").configuration).netconf == nil)
    }

    /// `show configuration` prints what was read, and reading it again gives the same model.
    @Test func printsAndRoundTrips() throws {
        let configuration = try #require(ConfigurationParser.parse(Self.text, file: "t.conf").configuration)
        let printed = configuration.curlyBraceText()
        #expect(printed.contains("        netconf {\n            ssh {\n                port 8830;\n"))
        #expect(printed.contains("        user alice {\n            uid 2001;\n            class super-user;\n"))
        #expect(printed.contains("ssh-ed25519 \"\(Self.ed25519)\";"))
        let again = try #require(ConfigurationParser.parse(printed, file: "p.conf").configuration)
        #expect(again == configuration)
        let set = try #require(ConfigurationParser.parse(configuration.setCommands(), file: "s.conf").configuration)
        #expect(set == configuration)
        #expect(configuration.setCommands().contains("set system services netconf rfc-compliant\n"))
    }

    @Test(arguments: [
        ("system { services { netconf { ssh { port 0; } } } }", "invalid value '0' for 'port': expected a number from 1 to 65535"),
        ("system { services { netconf { listen-address localhost; } } }", "invalid value 'localhost' for 'listen-address': expected an IPv4 or IPv6 address"),
        ("system { login { user u { class wizard; } } }", "invalid value 'wizard' for 'class': expected 'super-user', 'operator', 'read-only'"),
        ("system { login { user u { uid 5; class operator; } } }", "invalid value '5' for 'uid': expected a number from 100 to 64000"),
        ("system { login { user u { uid 500; } } }", "user 'u' has no class"),
        ("system { login { user u { class operator; authentication { encrypted-password secret; } } } }", "invalid value 'secret' for 'encrypted-password'"),
        ("system { login { user u { class operator; authentication { ssh-ed25519 \"ssh-rsa AAAA x\"; } } } }", "invalid value 'ssh-rsa AAAA x' for 'ssh-ed25519'"),
        ("system { services { netconf { telnet; } } }", "telnet"),
        ("system { host-name \"my router\"; }", "invalid value 'my router' for 'host-name'"),
        ("system { host-name -lab; }", "invalid value '-lab' for 'host-name'"),
    ])
    func diagnostics(text: String, message: String) {
        let result = ConfigurationParser.parse(text, file: "bad.conf")
        #expect(result.configuration == nil)
        let all = result.diagnostics.map(\.description).joined(separator: "\n")
        #expect(all.contains(message), "\(all)")
    }

    /// `system host-name` names the router in `show version` and the facts NETCONF clients read.
    @Test func hostName() throws {
        let text = "system {\n    host-name mx480-lab.example;\n}\n"
        let configuration = try #require(ConfigurationParser.parse(text, file: "t.conf").configuration)
        #expect(configuration.hostName == "mx480-lab.example")
        #expect(configuration.curlyBraceText() == text)
        #expect(try #require(ConfigurationParser.parse("", file: "t.conf").configuration).hostName == nil)
    }

    @Test func cryptHashes() {
        #expect(LoginUser.isCryptHash("$6$abc$def"))
        #expect(LoginUser.isCryptHash("$6$rounds=5000$abc$def"))
        #expect(LoginUser.isCryptHash("$1$abc$def") && LoginUser.isCryptHash("$5$abc$def"))
        #expect(!LoginUser.isCryptHash("$2b$abc$def") && !LoginUser.isCryptHash("$6$$def") && !LoginUser.isCryptHash("abc"))
    }
}
