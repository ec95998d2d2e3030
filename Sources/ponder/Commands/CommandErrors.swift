import ArgumentParser

/// Turns library errors into a one-line message on stderr and exit status 1, instead of a stack of
/// Swift error descriptions.
enum CommandErrors {
    static func reported<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CleanExit {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            // A benchmark being stopped by a signal exits from the signal's handler once its servers
            // are down; an error their stopping caused is not reported meanwhile.
            while BenchInterrupts.isStopping { try? await Task.sleep(for: .seconds(1)) }
            var standardError = StandardError()
            print("error: \(error)", to: &standardError)
            throw ExitCode.failure
        }
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleWriter.standardError(string)
    }
}
