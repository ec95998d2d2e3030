#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// The `Date` header's value (RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`), formatted from
/// the clock on each call: a few hundred nanoseconds, no shared cache to contend for.
enum HTTPDate {
    private static let days: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    static func now() -> String { format(secondsSince1970: time(nil)) }

    static func format(secondsSince1970 seconds: Int) -> String {
        var clock = time_t(seconds)
        var parts = tm()
        gmtime_r(&clock, &parts)
        return String(unsafeUninitializedCapacity: 29) { out in
            var at = 0
            func put(_ text: StaticString) {
                text.withUTF8Buffer { for byte in $0 { out[at] = byte; at += 1 } }
            }
            func twoDigits(_ value: Int32) {
                out[at] = UInt8(48 + value / 10)
                out[at + 1] = UInt8(48 + value % 10)
                at += 2
            }
            put(days[Int(parts.tm_wday)])
            put(", ")
            twoDigits(parts.tm_mday)
            put(" ")
            put(months[Int(parts.tm_mon)])
            put(" ")
            let year = parts.tm_year + 1900
            twoDigits(year / 100)
            twoDigits(year % 100)
            put(" ")
            twoDigits(parts.tm_hour)
            put(":")
            twoDigits(parts.tm_min)
            put(":")
            twoDigits(parts.tm_sec)
            put(" GMT")
            return at
        }
    }
}
