// The struct `binding.graphql` binds `User` to. The generator reads it with
// syn; the bench script's golden check compiles it with the generated code.

#[derive(Debug, Clone)]
pub struct Model {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    pub karma: i64,
    pub joined: DateTimeUtc,
    pub last_seen: Option<chrono::DateTime<chrono::Utc>>,
    pub nickname: Option<String>,
    pub tags: Vec<String>,
    pub secret: Option<String>,
    pub r#type: Option<String>,
    pub password_hash: String,
}
