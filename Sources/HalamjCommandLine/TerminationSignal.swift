import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM, caught from the moment this is made until `wait` returns.
public final class TerminationSignal {
    private let arrived = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []

    public init() {
        for number in [SIGINT, SIGTERM] {
            // The default action (exit) off first, then the source that catches it;
            // the order the Linux libdispatch needs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [arrived] in arrived.signal() }
            source.resume()
            sources.append(source)
        }
    }

    public func wait() {
        arrived.wait()
        sources.forEach { $0.cancel() }
    }
}
