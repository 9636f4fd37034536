import Storage

/// Which department answers for a category: today one department per category,
/// read from the reference table `categories` (seeded by the migrations).
enum DepartmentRules {
    static func responsibleDepartment(category: String, on connection: PostgresConnection) throws -> String? {
        try connection.execute("SELECT department_code FROM categories WHERE code = $1", [category]).first?
            .decode("department_code")
    }
}
