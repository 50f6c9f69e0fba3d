//! A posted link; `posted_by_id` is null for an anonymous post.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub url: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub posted_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Who posted it: read with the link when both are wanted.
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::PostedById",
        to = "super::user::Column::Id"
    )]
    Poster,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Poster.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
