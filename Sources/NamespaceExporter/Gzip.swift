import CZlib
import NIOCore

/// gzip (RFC 1952) through the system's zlib.
public enum Gzip {
    /// The chunks as one gzip stream. Level 6 is zlib's default: most of the
    /// gain at a fraction of level 9's time; it runs once per sample, not per
    /// request. The output grows in 64 KiB steps instead of being sized for
    /// the worst case (deflateBound is more than the input).
    public static func compress(_ chunks: [ByteBuffer], level: Int32 = 6) -> ByteBuffer {
        var stream = z_stream()
        guard cz_deflate_init_gzip(&stream, level) == Z_OK else { return ByteBuffer() }
        defer { deflateEnd(&stream) }
        var output = ByteBuffer()
        let last = chunks.count - 1
        for (index, chunk) in chunks.enumerated() {
            let finished = chunk.withUnsafeReadableBytes { input in
                deflate(input, into: &output, stream: &stream, finish: index == last)
            }
            guard finished else { return ByteBuffer() }
        }
        if chunks.isEmpty {
            guard deflate(UnsafeRawBufferPointer(start: nil, count: 0), into: &output, stream: &stream, finish: true) else {
                return ByteBuffer()
            }
        }
        return output
    }

    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        Array(compress([ByteBuffer(bytes: bytes)], level: level).readableBytesView)
    }

    /// Feeds `input` to the stream; false when zlib fails.
    private static func deflate(
        _ input: UnsafeRawBufferPointer, into output: inout ByteBuffer, stream: inout z_stream, finish: Bool
    ) -> Bool {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            var status = Z_OK
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: 64 * 1024) { out in
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count)
                status = CZlib.deflate(&stream, flush)
                return out.count - Int(stream.avail_out)
            }
            if status == Z_STREAM_END { return true }
            guard status == Z_OK || status == Z_BUF_ERROR else { return false }
            // Not finishing: done once zlib took all the input and had room to spare.
            if !finish && stream.avail_in == 0 && stream.avail_out != 0 { return true }
        }
    }
}
