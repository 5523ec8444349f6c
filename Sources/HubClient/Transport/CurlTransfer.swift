import Foundation
import Synchronization
import CCurl

/// What one transfer keeps while libcurl runs it: the answer as it arrives, and what its
/// callbacks need to report progress and to stop it. It lives on the transfer's thread;
/// libcurl hands it to the callbacks below as their user pointer.
final class CurlTransfer {
    /// The largest answer head taken (status line and headers, bytes).
    static let maximumHeadBytes = 64 * 1024

    let handle: CurlEasyHandle
    /// The largest body kept, counted after inflating: a gzip bomb stops at it.
    let limit: Int
    let cancellation: CurlCancellation
    let onTransfer: (@Sendable (WireBytes) -> Void)?

    /// The request body, read by libcurl through `readFunction` while the transfer runs.
    var upload = UnsafeRawBufferPointer(start: nil, count: 0)
    private var uploaded = 0

    private(set) var body = Data()
    /// The final answer's headers (names lower-cased; a later one of a name wins).
    private(set) var headers: [String: String] = [:]
    /// Why a callback stopped the transfer, when one did.
    private(set) var refusal: TransportFailure?
    private var headBytes = 0
    private var reported = WireBytes()

    init(handle: CurlEasyHandle, limit: Int, cancellation: CurlCancellation, onTransfer: (@Sendable (WireBytes) -> Void)?) {
        self.handle = handle
        self.limit = limit
        self.cancellation = cancellation
        self.onTransfer = onTransfer
    }

    /// Bytes both ways so far: heads as sent and received, bodies as on the wire.
    var wire: WireBytes {
        WireBytes(
            sent: handle.info(CURLINFO_REQUEST_SIZE) + handle.size(CURLINFO_SIZE_UPLOAD_T),
            received: handle.info(CURLINFO_HEADER_SIZE) + handle.size(CURLINFO_SIZE_DOWNLOAD_T))
    }

    fileprivate func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, upload.count - uploaded)
        guard count > 0 else { return 0 }
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: upload[uploaded..<uploaded + count]))
        uploaded += count
        return count
    }

    /// libcurl rewinds the body when it must send it again (a proxy asking for its
    /// credentials first). Connections are never reused (`CurlClient`), so the case of a
    /// kept-open one found closed does not arise.
    fileprivate func seek(to offset: curl_off_t, from origin: Int32) -> Bool {
        guard origin == SEEK_SET, offset >= 0, offset <= upload.count else { return false }
        uploaded = Int(offset)
        return true
    }

    fileprivate func received(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= limit - body.count else {
            refusal = .tooLarge(limit)
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    fileprivate func receivedHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        headBytes += bytes.count
        guard headBytes <= Self.maximumHeadBytes else {
            refusal = TransportFailure(.malformed, "answer head too large")
            return false
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = [:]  // a new answer: the one before was interim (1xx)
        } else if let colon = line.firstIndex(of: ":") {
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return true
    }

    fileprivate func progressed() -> Bool {
        if cancellation.isCancelled { return false }
        if let onTransfer {
            let now = wire
            if now != reported {
                reported = now
                onTransfer(now)
            }
        }
        return true
    }

    // MARK: libcurl's callbacks

    private static func transfer(_ user: UnsafeMutableRawPointer?) -> CurlTransfer {
        Unmanaged<CurlTransfer>.fromOpaque(user!).takeUnretainedValue()
    }

    /// CURLOPT_WRITEFUNCTION: body bytes, inflated when libcurl inflates. Fewer bytes
    /// taken than given stops the transfer (CURLE_WRITE_ERROR).
    static let writeFunction: curl_write_callback = { data, size, count, user in
        transfer(user).received(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
    }

    /// CURLOPT_HEADERFUNCTION: one whole header line at a time, status lines included.
    static let headerFunction: curl_write_callback = { data, size, count, user in
        transfer(user).receivedHeader(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
    }

    /// CURLOPT_READFUNCTION: the next bytes of the request body; 0 at its end.
    static let readFunction: curl_read_callback = { buffer, size, count, user in
        transfer(user).read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    }

    /// CURLOPT_SEEKFUNCTION: back to where the body is to be sent from again.
    static let seekFunction: curl_seek_callback = { user, offset, origin in
        transfer(user).seek(to: offset, from: origin) ? Int32(CURL_SEEKFUNC_OK) : Int32(CURL_SEEKFUNC_CANTSEEK)
    }

    /// CURLOPT_XFERINFOFUNCTION: called as bytes move and about once a second while
    /// nothing does; non-zero stops the transfer (CURLE_ABORTED_BY_CALLBACK).
    static let progressFunction: curl_xferinfo_callback = { user, _, _, _, _ in
        transfer(user).progressed() ? 0 : 1
    }
}

/// Set when the task waiting for a transfer is cancelled; the transfer's progress
/// callback sees it within about a second and stops the transfer.
final class CurlCancellation: Sendable {
    private let cancelled = Atomic(false)

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func cancel() { cancelled.store(true, ordering: .relaxed) }
}
