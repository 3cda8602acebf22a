import NamespaceKit
import Synchronization

/// When `/metrics` or `/snapshot.json` (the page at `/ui` polls it) was
/// last asked for, and how far apart its last two requests were:
/// per-namespace stats are collected only while someone reads them, and at
/// most once per interval between reads (never more often than the sample
/// interval).
public final class ScrapeActivity: Sendable {
    private struct Times {
        var last: Double?
        var gap: Double?
    }

    private let times = Mutex(Times())

    public init() {}

    /// Called by the `/metrics` and `/snapshot.json` handlers: one clock read, nothing else.
    public func noteScrape(at now: Double = monotonicSeconds()) {
        times.withLock { times in
            if let last = times.last { times.gap = now - last }
            times.last = now
        }
    }

    /// How often stats should be collected now: the observed scrape
    /// interval (at least `floor`), or nil when nobody scraped within two of
    /// them (or ever).
    public func statsPeriod(floor: Double, now: Double = monotonicSeconds()) -> Double? {
        times.withLock { times in
            guard let last = times.last else { return nil }
            let period = max(floor, times.gap ?? floor)
            return now - last <= 2 * period + floor ? period : nil
        }
    }
}
