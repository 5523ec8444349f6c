import CCurl

/// One libcurl easy handle, and the typed calls the node makes on it. A handle is used by
/// one thread at a time (the thread of the transfer that took it from `CurlHandlePool`);
/// between transfers it keeps its connection to the hub open for the next request.
final class CurlEasyHandle: @unchecked Sendable {
    private let pointer: UnsafeMutableRawPointer

    init() throws {
        guard CurlLibrary.isReady, let pointer = curl_easy_init() else {
            throw TransportFailure(.unreachable, "libcurl could not be set up")
        }
        self.pointer = pointer
    }

    deinit { curl_easy_cleanup(pointer) }

    /// Every option back to its default; the open connections, DNS and TLS session caches stay.
    func reset() { curl_easy_reset(pointer) }

    func set(_ option: CURLoption, _ value: Int) throws {
        try check(ccurl_setopt_long(pointer, option, value), option)
    }

    func set(_ option: CURLoption, size value: Int) throws {
        try check(ccurl_setopt_off_t(pointer, option, curl_off_t(value)), option)
    }

    /// libcurl copies the string (every string option but CURLOPT_POSTFIELDS).
    func set(_ option: CURLoption, _ value: String) throws {
        try check(value.withCString { ccurl_setopt_string(pointer, option, $0) }, option)
    }

    /// A pointer libcurl keeps and uses until the transfer ends: the caller keeps it valid.
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws {
        try check(ccurl_setopt_pointer(pointer, option, value), option)
    }

    func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?) throws {
        try check(ccurl_setopt_slist(pointer, option, value), option)
    }

    func set(_ option: CURLoption, function value: curl_write_callback) throws {
        try check(ccurl_setopt_write_function(pointer, option, value), option)
    }

    func set(readFunction value: curl_read_callback) throws {
        try check(ccurl_setopt_read_function(pointer, value), CURLOPT_READFUNCTION)
    }

    func set(seekFunction value: curl_seek_callback) throws {
        try check(ccurl_setopt_seek_function(pointer, value), CURLOPT_SEEKFUNCTION)
    }

    func set(progressFunction value: curl_xferinfo_callback) throws {
        try check(ccurl_setopt_xferinfo_function(pointer, value), CURLOPT_XFERINFOFUNCTION)
    }

    /// A CURLINFO_LONG value; 0 when libcurl has none.
    func info(_ info: CURLINFO) -> Int {
        var value = 0
        return ccurl_getinfo_long(pointer, info, &value) == CURLE_OK ? value : 0
    }

    /// A CURLINFO_OFF_T value; 0 when libcurl has none.
    func size(_ info: CURLINFO) -> Int {
        var value: curl_off_t = 0
        return ccurl_getinfo_off_t(pointer, info, &value) == CURLE_OK ? Int(value) : 0
    }

    /// Runs the transfer as set up, blocking this thread until it ends.
    func perform() -> CURLcode { curl_easy_perform(pointer) }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        // An option this libcurl lacks (or refuses) would leave a safeguard unset: no request.
        guard code == CURLE_OK else {
            throw TransportFailure(.unreachable, "libcurl refused option \(option.rawValue): \(CurlLibrary.text(code))")
        }
    }
}

/// What is set up once per process.
enum CurlLibrary {
    /// `curl_global_init`, run once, before the first handle.
    static let isReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func text(_ code: CURLcode) -> String {
        curl_easy_strerror(code).map { String(cString: $0) } ?? "error \(code.rawValue)"
    }
}
