import PonderSandbox
import Testing

@Suite("Code block extraction")
struct CodeBlockExtractorTests {
    @Test("The last python (or untagged) block wins")
    func lastBlock() {
        let text = """
            First try:
            ```python
            def f(): return 1
            ```
            Then a shell example:
            ```bash
            echo hi
            ```
            Final:
            ```py
            def f(): return 2
            ```
            """
        #expect(CodeBlockExtractor.lastBlock(in: text, language: "python")?.code == "def f(): return 2\n")
        #expect(CodeBlockExtractor.blocks(in: text).count == 3)
        let shellLast = "```python\nprint(1)\n```\n```bash\necho hi\n```"
        #expect(CodeBlockExtractor.lastBlock(in: shellLast, language: "python")?.code == "print(1)\n")
        #expect(CodeBlockExtractor.lastBlock(in: shellLast)?.code == "echo hi\n")
        #expect(CodeBlockExtractor.lastBlock(in: "```\nx = 1\n```")?.language == "")
    }

    @Test("Nested longer fences, tildes, unterminated blocks, no block")
    func edgeCases() {
        let nested = "````markdown\n```python\ninner\n```\n````"
        #expect(CodeBlockExtractor.lastBlock(in: nested)?.code == "```python\ninner\n```\n")
        #expect(CodeBlockExtractor.lastBlock(in: "~~~python\nprint(3)\n~~~")?.code == "print(3)\n")
        let cut = CodeBlockExtractor.lastBlock(in: "```python\nprint(4)\nprint(5)")
        #expect(cut?.code == "print(4)\nprint(5)\n")
        #expect(cut?.isUnterminated == true)
        #expect(CodeBlockExtractor.lastBlock(in: "no code here, just `inline` code") == nil)
    }
}
