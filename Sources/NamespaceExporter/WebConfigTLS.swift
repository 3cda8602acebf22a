import HummingbirdTLS
import NIOSSL

/// `tls_server_config`: parsed with exporter-toolkit's names (Go's cipher,
/// curve and version names), turned into swift-nio-ssl's configuration.
extension WebConfig {
    static func tlsSettings(_ value: YAMLNode) throws(ConfigError) -> TLS? {
        let at = "tls_server_config"
        let fields = try StrictYAML.mapping(value, at: at, keys: [
            "cert", "key", "client_ca", "cert_file", "key_file", "client_auth_type", "client_ca_file", "client_allowed_sans",
            "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites", "curve_preferences",
        ])
        func text(_ key: String) throws(ConfigError) -> String? {
            try fields[key].map { v throws(ConfigError) in try StrictYAML.scalar(v, at: "\(at).\(key)") }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func source(_ inline: String, _ file: String) throws(ConfigError) -> TLS.Source? {
            switch (try text(inline), try text(file)) {
            case (nil, nil): return nil
            case (let pem?, nil): return .inline(pem)
            case (nil, let path?): return .file(path)
            case (_?, _?): throw ConfigError("\(at): give \(inline) or \(file), not both")
            }
        }
        let certificate = try source("cert", "cert_file")
        let key = try source("key", "key_file")
        guard let certificate, let key else {
            if certificate == nil, key == nil { return nil }  // as exporter-toolkit: no certificate, no TLS
            throw ConfigError("\(at): \(certificate == nil ? "cert_file (or cert)" : "key_file (or key)") is missing")
        }
        var tls = TLS(certificate: certificate, key: key)
        if let name = try text("client_auth_type") {
            guard let auth = TLS.ClientAuth(rawValue: name) else {
                throw ConfigError("\(at).client_auth_type: want one of \(TLS.ClientAuth.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(name)\"")
            }
            tls.clientAuth = auth
        }
        tls.clientCA = try source("client_ca", "client_ca_file")
        if tls.clientCA == nil, [.verifyIfGiven, .requireAndVerify].contains(tls.clientAuth) {
            throw ConfigError("\(at).client_auth_type \(tls.clientAuth.rawValue) needs client_ca_file (or client_ca)")
        }
        if let sans = fields["client_allowed_sans"], !(try StrictYAML.list(sans, at: "\(at).client_allowed_sans")).isEmpty {
            throw ConfigError("\(at).client_allowed_sans is not supported: restrict clients with the client CA instead")
        }
        if let name = try text("min_version") { tls.minVersion = try version(name, at: "\(at).min_version") }
        if let name = try text("max_version") { tls.maxVersion = try version(name, at: "\(at).max_version") }
        guard tls.minVersion <= tls.maxVersion else { throw ConfigError("\(at): min_version is above max_version") }
        if let names = fields["cipher_suites"] {
            for name in try StrictYAML.list(names, at: "\(at).cipher_suites") {
                guard let code = cipherSuites[name] else {
                    throw ConfigError("\(at).cipher_suites: unknown cipher suite \"\(name)\" (want Go's names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)")
                }
                tls.cipherSuites.append(code)
            }
        }
        if let prefer = fields["prefer_server_cipher_suites"] {
            _ = try StrictYAML.bool(prefer, at: "\(at).prefer_server_cipher_suites")  // the server's order is used either way
        }
        if let names = fields["curve_preferences"] {
            for name in try StrictYAML.list(names, at: "\(at).curve_preferences") {
                guard let code = curves[name] else {
                    throw ConfigError("\(at).curve_preferences: unknown curve \"\(name)\" (want \(curves.keys.sorted().joined(separator: ", ")))")
                }
                tls.curves.append(code)
            }
        }
        return tls
    }

    private static func version(_ name: String, at: String) throws(ConfigError) -> UInt16 {
        guard let code = ["TLS10": UInt16(0x0301), "TLS11": 0x0302, "TLS12": 0x0303, "TLS13": 0x0304][name] else {
            throw ConfigError("\(at): want TLS10, TLS11, TLS12 or TLS13, got \"\(name)\"")
        }
        return code
    }

    /// Go's `tls.CipherSuites()` names (and their short aliases) → IANA codes.
    /// TLS 1.3 suites are accepted and, as in Go, not configurable.
    static let cipherSuites: [String: UInt16] = [
        "TLS_RSA_WITH_AES_128_CBC_SHA": 0x002F, "TLS_RSA_WITH_AES_256_CBC_SHA": 0x0035,
        "TLS_RSA_WITH_AES_128_GCM_SHA256": 0x009C, "TLS_RSA_WITH_AES_256_GCM_SHA384": 0x009D,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA": 0xC009, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA": 0xC00A,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA": 0xC013, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA": 0xC014,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": 0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": 0xC02C,
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256": 0xC02F, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384": 0xC030,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256": 0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305": 0xCCA8,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256": 0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305": 0xCCA9,
        "TLS_AES_128_GCM_SHA256": 0x1301, "TLS_AES_256_GCM_SHA384": 0x1302, "TLS_CHACHA20_POLY1305_SHA256": 0x1303,
    ]

    static let curves: [String: UInt16] = ["CurveP256": 0x17, "CurveP384": 0x18, "CurveP521": 0x19, "X25519": 0x1D]
}

extension WebConfig.TLS {
    /// swift-nio-ssl's server configuration; reads the certificate and keys,
    /// so an unreadable or mismatched file fails here, at start.
    public func channelConfiguration() throws(ConfigError) -> TLSChannelConfiguration {
        let chain: [NIOSSLCertificate]
        let privateKey: NIOSSLPrivateKey
        switch certificate {
        case .file(let path): chain = try load("cert_file \(path)") { try NIOSSLCertificate.fromPEMFile(path) }
        case .inline(let pem): chain = try load("cert") { try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)) }
        }
        switch key {
        case .file(let path): privateKey = try load("key_file \(path)") { try NIOSSLPrivateKey(file: path, format: .pem) }
        case .inline(let pem): privateKey = try load("key") { try NIOSSLPrivateKey(bytes: Array(pem.utf8), format: .pem) }
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        let versions: [UInt16: TLSVersion] = [0x0301: .tlsv1, 0x0302: .tlsv11, 0x0303: .tlsv12, 0x0304: .tlsv13]
        configuration.minimumTLSVersion = versions[minVersion]!
        configuration.maximumTLSVersion = versions[maxVersion]!
        let configurable = cipherSuites.filter { $0 < 0x1301 || $0 > 0x1303 }
        if !configurable.isEmpty { configuration.cipherSuiteValues = configurable.map { NIOTLSCipher(rawValue: $0) } }
        if !curves.isEmpty { configuration.curves = curves.map { NIOTLSCurve(rawValue: $0) } }
        if let clientCA {
            switch clientCA {
            case .file(let path): configuration.trustRoots = .certificates(try load("client_ca_file \(path)") { try NIOSSLCertificate.fromPEMFile(path) })
            case .inline(let pem): configuration.trustRoots = .certificates(try load("client_ca") { try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)) })
            }
        }
        switch clientAuth {
        case .none: configuration.certificateVerification = .none
        case .request, .verifyIfGiven: configuration.certificateVerification = .optionalVerification
        case .requireAny, .requireAndVerify: configuration.certificateVerification = .noHostnameVerification
        }
        // Request/RequireAny take any certificate: the callback replaces the chain check.
        guard clientAuth == .request || clientAuth == .requireAny else { return TLSChannelConfiguration(tlsConfiguration: configuration) }
        return TLSChannelConfiguration(tlsConfiguration: configuration) { _, promise in promise.succeed(.certificateVerified) }
    }

    private func load<T>(_ what: String, _ body: () throws -> T) throws(ConfigError) -> T {
        do {
            return try body()
        } catch {
            throw ConfigError("tls_server_config: cannot load \(what): \(error)")
        }
    }
}
