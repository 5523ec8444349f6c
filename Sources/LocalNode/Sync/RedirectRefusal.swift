import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// URLSession's delegate for a hub connection: it never follows a redirect. Following
/// one would send the office's token, unasked, to whatever address the answer names
/// (another host, or plain HTTP). Refused, the 3xx itself comes back as the answer, and
/// `HubConnection` tells the user the hub moved.
final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    static let shared = RedirectRefusal()

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
