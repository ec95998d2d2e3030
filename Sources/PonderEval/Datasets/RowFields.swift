import Foundation
import PonderCore

/// Turns one row's named fields (a JSONL object, or a CSV record under its header) into a
/// ``DatasetRow``, checking each field and naming the first bad one.
///
/// Fields: `id` (string or number), the question as `question`, `prompt` or chat `messages` (in that
/// order of preference), the reference `answer` (string or number), and optional `task`,
/// `difficulty`, `grader` and `tests`. Other fields are ignored. An empty CSV cell counts as absent.
struct RowFields {
    let fields: [String: JSONValue]
    let line: Int
    /// Whether the values came from CSV, where every value is text and `messages` is JSON inside a cell.
    let fromCSV: Bool

    func row(defaultGrader: GraderSpec) throws(BadRow) -> DatasetRow {
        let id = try required("id", "a string or a number")
        let (question, messages) = try questionAndMessages()
        var row = DatasetRow(
            id: id, line: line, question: question, messages: messages, answer: try optionalScalar("answer"),
            task: try optionalScalar("task"), difficulty: try optionalScalar("difficulty"),
            tests: try optionalScalar("tests"))
        if let graderText = try optionalScalar("grader") {
            do {
                let spec = try GraderSpec(parsing: graderText)
                if case .command = spec {
                    throw bad("grader", "a command grader runs a program on this machine, so only --grader may name one")
                }
                row.grader = spec
            } catch let error as BadRow {
                throw error
            } catch {
                throw bad("grader", "\(error)")
            }
        }
        if let problem = (row.grader ?? defaultGrader).referenceProblem(in: row) {
            throw bad(problem.field, problem.message)
        }
        return row
    }

    private func bad(_ field: String?, _ message: String) -> BadRow {
        BadRow(line: line, field: field, message: message)
    }

    /// The value, or nil when absent, null, or an empty CSV cell.
    private func present(_ name: String) -> JSONValue? {
        switch fields[name] {
        case nil, .null?: return nil
        case .string(let text)? where fromCSV && text.isEmpty: return nil
        case let value?: return value
        }
    }

    private func optionalScalar(_ name: String) throws(BadRow) -> String? {
        guard let value = present(name) else { return nil }
        guard let text = value.scalarText else { throw bad(name, "expected a string or a number, got \(value.kindName)") }
        return text
    }

    private func required(_ name: String, _ expected: String) throws(BadRow) -> String {
        guard let value = present(name) else { throw bad(name, "missing (expected \(expected))") }
        guard let text = value.scalarText else { throw bad(name, "expected \(expected), got \(value.kindName)") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw bad(name, "empty") }
        return text
    }

    private func questionAndMessages() throws(BadRow) -> (String, [ChatMessage]?) {
        if let value = present("messages") {
            let messages = try chatMessages(value)
            guard let lastUser = messages.last(where: { $0.role == "user" }) else {
                throw bad("messages", "no message with role 'user'")
            }
            return (lastUser.content, messages)
        }
        for name in ["question", "prompt"] {
            guard let value = present(name) else { continue }
            guard case .string(let text) = value else { throw bad(name, "expected a string, got \(value.kindName)") }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw bad(name, "empty") }
            return (text, nil)
        }
        throw bad("question", "missing (give the question as 'question', 'prompt' or chat 'messages')")
    }

    private func chatMessages(_ value: JSONValue) throws(BadRow) -> [ChatMessage] {
        var value = value
        if fromCSV, case .string(let text) = value {
            do {
                value = try JSONValue.parse(text)
            } catch {
                throw bad("messages", "expected a JSON array of {\"role\", \"content\"} objects")
            }
        }
        guard case .array(let items) = value, !items.isEmpty else {
            throw bad("messages", "expected a non-empty array of {\"role\", \"content\"} objects, got \(value.kindName)")
        }
        var messages: [ChatMessage] = []
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item, case .string(let role)? = object["role"], !role.isEmpty else {
                throw bad("messages", "message \(index) needs a string 'role'")
            }
            switch object["content"] {
            case .string(let content)?:
                messages.append(ChatMessage(role: role, content: content))
            case .array(let parts)?:
                let text = parts.compactMap { part -> String? in
                    guard case .object(let fields) = part, case .string(let text)? = fields["text"] else { return nil }
                    return text
                }
                messages.append(ChatMessage(role: role, content: text.joined()))
            default:
                throw bad("messages", "message \(index) needs a string 'content'")
            }
        }
        return messages
    }
}
