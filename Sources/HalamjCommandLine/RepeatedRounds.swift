/// `--watch`: a round now and one every `interval` seconds after it, until SIGINT or
/// SIGTERM (a systemd stop). A signal between rounds ends the wait at once; one during
/// a round cancels the round, so the work in flight stops within about a second and
/// what it had committed stays (a sync round commits batch by batch: the next round
/// sends again at most the batch that was in flight). Returns once the round has let go.
public enum RepeatedRounds {
    public static func run(
        every interval: Double, until termination: TerminationSignal,
        _ round: @escaping @Sendable () async -> Void
    ) async {
        let rounds = Task {
            while !Task.isCancelled {
                await round()
                try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
            }
        }
        let stop = Task {
            await termination.arrival()
            Console.err("stopping: what the hub acknowledged is kept, the rest goes at the next sync")
            rounds.cancel()
        }
        await rounds.value
        stop.cancel()
    }
}
