import CZlib

/// gzip (RFC 1952) through the system's zlib.
public enum Gzip {
    /// `bytes`, compressed. Level 6 is zlib's default: most of the gain at a
    /// fraction of level 9's time; it runs once per sample, not per request.
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        guard cz_deflate_init_gzip(&stream, level) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        let written: Int = output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(bytes.count)
            stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            // The output holds deflateBound: one call finishes.
            guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return 0 }
            return Int(stream.total_out)
        }
        output.removeSubrange(written...)
        return output
    }

    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        bytes.withUnsafeBytes { compress($0, level: level) }
    }
}
