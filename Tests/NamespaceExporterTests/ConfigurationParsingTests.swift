import Testing
@testable import NamespaceExporter

struct ConfigurationParsingTests {
    @Test func listenAddresses() throws {
        #expect(try ListenAddress(parsing: ":9819") == ListenAddress(host: "0.0.0.0", port: 9819))
        #expect(try ListenAddress(parsing: "127.0.0.1:0") == ListenAddress(host: "127.0.0.1", port: 0))
        #expect(try ListenAddress(parsing: "[::1]:9819") == ListenAddress(host: "::1", port: 9819))
        #expect(try ListenAddress(parsing: "localhost:80").description == "localhost:80")
        for bad in ["", "9819", ":", ":99999", "::1:9819", "[::1]9819", "host:-1", "[]:1", "host:port"] {
            #expect(throws: ListenAddress.ParseError.self, "\(bad)") { try ListenAddress(parsing: bad) }
        }
    }

    @Test func durations() throws {
        #expect(try DurationParser.parse("5s") == .seconds(5))
        #expect(try DurationParser.parse("500ms") == .milliseconds(500))
        #expect(try DurationParser.parse("1m30s") == .seconds(90))
        #expect(try DurationParser.parse("2h") == .seconds(7200))
        for bad in ["", "5", "s", "5x", "-5s", "1.5s", "5 s"] {
            #expect(throws: DurationParser.ParseError.self, "\(bad)") { try DurationParser.parse(bad) }
        }
    }
}
