import PonderBackends
import Testing

/// Which URLs the lean client takes, and how it reads them.
@Suite struct LeanURLTests {
    @Test func plainHTTPWithPortAndPath() throws {
        let url = try #require(LeanURL("http://127.0.0.1:8080/v1/chat/completions"))
        #expect(url.host == "127.0.0.1" && url.port == 8080 && url.path == "/v1/chat/completions")
        #expect(url.hostHeader == "127.0.0.1:8080")
    }

    @Test func defaultsForPortAndPath() throws {
        let url = try #require(LeanURL("http://models.internal"))
        #expect(url.port == 80 && url.path == "/" && url.hostHeader == "models.internal")
        #expect(LeanURL("http://host?x=1")?.path == "/?x=1")
        #expect(LeanURL("http://host:9/a?b=c")?.path == "/a?b=c")
    }

    @Test func bracketedIPv6() throws {
        let url = try #require(LeanURL("http://[::1]:8000/v1"))
        #expect(url.host == "::1" && url.port == 8000 && url.hostHeader == "[::1]:8000")
    }

    @Test(arguments: [
        "https://api.example.com/v1", "http://", "http://:80/", "http://user:secret@host/v1", "http://host:port/",
        "http://host:99999/", "http://host:+80/", "http://host/#fragment", "http://[::1/", "ftp://host/",
    ])
    func othersAreLeftToAsyncHTTPClient(url: String) {
        #expect(LeanURL(url) == nil)
    }
}
