/// The last `capacity` churn events, oldest first; older ones fall off.
public struct EventRing: Sendable {
    public let capacity: Int
    private var storage: [ChurnEvent] = []
    private var next = 0

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        storage.reserveCapacity(min(self.capacity, 4096))  // grows as events come
    }

    public mutating func append(_ event: ChurnEvent) {
        guard capacity > 0 else { return }
        if storage.count < capacity {
            storage.append(event)
        } else {
            storage[next] = event
        }
        next = (next + 1) % capacity
    }

    public var events: [ChurnEvent] {
        storage.count < capacity ? storage : Array(storage[next...] + storage[..<next])
    }
}
