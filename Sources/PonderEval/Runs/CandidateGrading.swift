import PonderCore

/// Grades every candidate of a solution, so the store can answer pass@k and maj@k, not just
/// "was the chosen answer right".
///
/// Candidates giving the same response are graded once: a best-of-16 that produced the answer `42`
/// twelve times runs the math rules (or the sandbox, for code) once for it.
struct CandidateGrading: Sendable {
    var grader: any AnswerGrader
    var spec: GraderSpec

    func grades(for candidates: [Candidate], reference: GradingReference) async throws -> [Grade] {
        var seen: [GradedResponse: Grade] = [:]
        var grades: [Grade] = []
        for candidate in candidates {
            let response = GradedResponse(text: spec.readsSolutionText ? candidate.text : "", answer: candidate.answer)
            if let grade = seen[response] {
                grades.append(grade)
                continue
            }
            let grade = try await grader.grade(
                GradedResponse(text: candidate.text, answer: candidate.answer), against: reference)
            seen[response] = grade
            grades.append(grade)
        }
        return grades
    }
}
