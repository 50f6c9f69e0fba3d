// The file `config_binding.toml` binds `User` to: it defines no `Account`.

pub struct Model {
    pub id: i32,
}
