import Foundation
import PonderSandbox
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension SandboxedRuns {
    @Suite("Isolation")
    struct Isolation {
        @Test("Writing outside the working directory is denied; inside it works")
        func writes() async {
            let hostTmp = "/tmp/ponder-sandbox-escape-\(UUID().uuidString)"
            let code = """
                import os
                for path in ["/etc/ponder-test", "/root/x", "/usr/ponder-test", "/ponder-test", "/proc/ponder-test", "/dev/ponder-test"]:
                    try:
                        with open(path, "w") as f:
                            f.write("x")
                        print("WROTE", path)
                    except OSError as e:
                        print("DENIED", path, e.strerror)
                with open("\(hostTmp)", "w") as f:
                    f.write("private")
                with open("inside.txt", "w") as f:
                    f.write("mine")
                os.makedirs("sub/dir")
                with open("sub/dir/f", "w") as f:
                    f.write("deep")
                print("INSIDE", open("inside.txt").read(), open("sub/dir/f").read(), os.getcwd())
                """
            let result = await SandboxTestSupport.python(code)
            #expect(result.outcome == .exited(0), "\(result.reason) \(result.stderr)")
            for path in ["/etc/ponder-test", "/root/x", "/usr/ponder-test", "/ponder-test", "/proc/ponder-test", "/dev/ponder-test"] {
                #expect(result.stdout.contains("DENIED \(path)"), "\(path): \(result.stdout)")
                #expect(!result.stdout.contains("WROTE \(path)"))
            }
            #expect(result.stdout.contains("INSIDE mine deep /work"), "\(result.stdout)")
            // /tmp inside is private: the file did not appear on the host.
            #expect(!FileManager.default.fileExists(atPath: hostTmp))
            #expect(!FileManager.default.fileExists(atPath: "/etc/ponder-test"))
            #expect(!FileManager.default.fileExists(atPath: "/root/x"))
        }

        @Test("The host's files outside /usr and /etc are not visible")
        func hostHidden() async {
            let result = await SandboxTestSupport.sandbox.run(["sh", "-c", "ls /; ls /work/.. ; test -e /root || echo no-root; test -e \(FileManager.default.currentDirectoryPath) || echo no-cwd"])
            #expect(result.outcome == .exited(0), "\(result.reason) \(result.stderr)")
            #expect(result.stdout.contains("no-root"))
            #expect(result.stdout.contains("no-cwd"))
            #expect(!result.stdout.contains("home"))
        }

        @Test("The program sees only its own PID namespace")
        func pidNamespace() async {
            let result = await SandboxTestSupport.sandbox.run(["sh", "-c", "ls /proc | grep -c '^[0-9]'"])
            #expect(result.outcome == .exited(0), "\(result.reason)")
            // init, sh, ls, grep (and maybe a subshell)
            #expect((Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 99) < 8, "\(result.stdout)")
        }

        @Test("Network connections fail, and a host listener sees none")
        func network() async throws {
            let listener = try TCPListener()
            defer { listener.close() }
            let code = """
                import socket
                for host, port in [("127.0.0.1", \(listener.port)), ("1.1.1.1", 53), ("8.8.8.8", 443)]:
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    s.settimeout(2)
                    try:
                        s.connect((host, port))
                        print("CONNECTED", host, port)
                    except OSError as e:
                        print("FAILED", host, port, e)
                    finally:
                        s.close()
                try:
                    socket.getaddrinfo("example.com", 80)
                    print("RESOLVED")
                except OSError as e:
                    print("NO DNS", e)
                """
            let result = await SandboxTestSupport.python(code)
            #expect(result.outcome == .exited(0), "\(result.reason) \(result.stderr)")
            #expect(!result.stdout.contains("CONNECTED"), "\(result.stdout)")
            #expect(result.stdout.contains("FAILED 127.0.0.1 \(listener.port)"))
            #expect(result.stdout.contains("FAILED 1.1.1.1 53"))
            #expect(result.stdout.contains("unreachable"), "\(result.stdout)")
            #expect(!result.stdout.contains("RESOLVED"))
            #expect(listener.acceptedConnections() == 0)

            // The same listener is reachable from the host, so the check above can fail.
            let control = try TCPListener.connect(port: listener.port)
            #expect(control)
            try? await Task.sleep(for: .milliseconds(50))
            #expect(listener.acceptedConnections() == 1)
        }

        @Test("A network failure shows in the reason")
        func networkReason() async {
            let result = await SandboxTestSupport.python(
                "import socket; socket.create_connection(('1.1.1.1', 53), timeout=2)")
            #expect(result.outcome == .exited(1), "\(result.reason)")
            #expect(result.reason.contains("network unreachable"), "\(result.reason)")
        }
    }
}

/// A TCP listener on 127.0.0.1 of the host.
final class TCPListener {
    let fd: Int32
    let port: UInt16

    struct Failure: Error {}

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 16) == 0 else {
            Glibc.close(socketFD)
            throw Failure()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        _ = fcntl(socketFD, F_SETFL, fcntl(socketFD, F_GETFL) | O_NONBLOCK)
        fd = socketFD
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Accepts (and closes) whatever connections are pending.
    func acceptedConnections() -> Int {
        var count = 0
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return count }
            Glibc.close(client)
            count += 1
        }
    }

    func close() { Glibc.close(fd) }

    static func connect(port: UInt16) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure() }
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
