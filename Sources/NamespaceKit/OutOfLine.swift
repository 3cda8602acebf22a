/// A value with an empty form that it is in most of the time.
public protocol HasEmptyValue: Hashable {
    static var empty: Self { get }
}

extension Optional: HasEmptyValue where Wrapped: Hashable {
    public static var empty: Self { nil }
}

/// Keeps a value that most instances lack out of line: the struct holding it
/// stays small (a `Namespace` is copied whole into every published array),
/// copies share one box, and the empty value takes no box at all.
@propertyWrapper
public struct OutOfLine<Value: HasEmptyValue & Sendable>: Hashable, Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box?

    public init(wrappedValue: Value) {
        box = wrappedValue == .empty ? nil : Box(wrappedValue)
    }

    public var wrappedValue: Value {
        get { box?.value ?? .empty }
        set { box = newValue == .empty ? nil : Box(newValue) }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.box === b.box || a.wrappedValue == b.wrappedValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }
}
