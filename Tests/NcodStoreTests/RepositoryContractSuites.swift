import NcodStore
import NcodTestSupport
import Testing

@Suite("Repository contract on SQLite")
struct SQLiteRepositoryContractTests {
    @Test("contract", arguments: RepositoryContract.cases)
    func contract(_ contractCase: ContractCase) async throws {
        try await TestBackend.sqlite.withStore(contractCase.body)
    }
}

@Suite(
    "Repository contract on PostgreSQL",
    .enabled(if: TestBackend.postgres.isAvailable, "set \(TestBackend.postgresURLVariable) (scripts/test does) to run on PostgreSQL")
)
struct PostgresRepositoryContractTests {
    @Test("contract", arguments: RepositoryContract.cases)
    func contract(_ contractCase: ContractCase) async throws {
        try await TestBackend.postgres.withStore(contractCase.body)
    }
}
