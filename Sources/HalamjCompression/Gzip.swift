import CZlib

/// gzip (RFC 1952) through the system's zlib, for sync bodies on slow links: a push or
/// pull of records compresses about tenfold (names, field keys and replica ids repeat).
/// Decompression is bounded: a small body that would inflate past `maximumSize` (a
/// "zip bomb" from a broken proxy or a hostile peer) is refused, never held.
public enum Gzip {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case corrupt(String)
        case tooLarge(maximum: Int)

        public var description: String {
            switch self {
            case .corrupt(let why): "the gzip data is damaged (\(why))"
            case .tooLarge(let maximum): "the gzip data inflates past \(maximum) bytes"
            }
        }
    }

    /// Bodies smaller than this go as they are, both ways: gzip's own framing (some 20
    /// bytes) and the `Content-Encoding` header would eat most of the gain.
    public static let worthwhileBytes = 512

    /// zlib's windowBits for a gzip wrapper (16 + the 15-bit window).
    static let gzipWindowBits: Int32 = 15 + 16

    /// `bytes` as one gzip member. Level 6 is zlib's default: most of level 9's ratio on
    /// JSON at a third of its time.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let started = deflateInit2_(&stream, level, Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY,
                                    ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(started == Z_OK, "zlib refused its own default settings (\(started))")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        var input = bytes
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate with a bound-sized buffer did not finish (\(result))")
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(written...)
        return output
    }

    /// The bytes of one or more gzip members, at most `maximumSize` of them.
    public static func decompress(_ bytes: [UInt8], maximumSize: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, gzipWindowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        var failure: Failure?
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    return (result, outBuffer.count - Int(stream.avail_out))
                }
                if output.count + produced > maximumSize {
                    failure = .tooLarge(maximum: maximumSize)
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                switch result {
                case Z_STREAM_END:
                    // Another member may follow (gzip allows several); none usually does.
                    guard stream.avail_in > 0 else { return }
                    guard inflateReset(&stream) == Z_OK else { failure = .corrupt("a second member could not start"); return }
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    failure = .corrupt("it ends early")
                    return
                default:
                    failure = .corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(result)")
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
