import CZlib
import NIOCore

/// gzip (RFC 1952) through the system's zlib: the device list's compressed copy.
enum Gzip {
    /// Why compressing failed (zlib's status code); the caller then answers uncompressed.
    struct Failure: Error, Equatable {
        /// zlib's return code.
        let status: Int32
    }

    /// `input` compressed at `level` (1, fast, by default: it is made once per change of a list that may be megabytes).
    static func compress(_ input: ByteBuffer, level: Int32 = 1) throws -> ByteBuffer {
        var stream = z_stream()
        guard ncod_deflate_init_gzip(&stream, level) == Z_OK else { throw Failure(status: Z_STREAM_ERROR) }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.readableBytes)))
        var output = ByteBuffer()
        output.reserveCapacity(bound)
        let status: Int32 = input.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(target.count)
                let status = deflate(&stream, Z_FINISH)
                return status == Z_STREAM_END ? target.count - Int(stream.avail_out) : 0
            }
            return stream.avail_in == 0 ? Z_STREAM_END : Z_BUF_ERROR
        }
        guard status == Z_STREAM_END, output.readableBytes > 0 else { throw Failure(status: status) }
        return output
    }
}
