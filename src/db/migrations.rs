//! The schema migrations, applied at start-up and by the `migrate` command.

use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(CreateTables), Box::new(CreateLoginAttempts)]
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    Email,
    Password,
    DateJoined,
    LastLogin,
}

#[derive(DeriveIden)]
enum Links {
    Table,
    Id,
    Url,
    Description,
    PostedById,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Votes {
    Table,
    Id,
    UserId,
    LinkId,
    CreatedAt,
}

struct CreateTables;

impl MigrationName for CreateTables {
    fn name(&self) -> &str {
        "m20261123_000001_create_tables"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateTables {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(
                        ColumnDef::new(Users::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Users::Username)
                            .string_len(150)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Users::Email).string_len(254).not_null())
                    .col(ColumnDef::new(Users::Password).string_len(255).not_null())
                    .col(
                        ColumnDef::new(Users::DateJoined)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Users::LastLogin)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Links::Table)
                    .col(
                        ColumnDef::new(Links::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Links::Url).string_len(2048).not_null())
                    .col(ColumnDef::new(Links::Description).text().not_null())
                    .col(ColumnDef::new(Links::PostedById).integer().null())
                    .col(
                        ColumnDef::new(Links::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Links::Table, Links::PostedById)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Votes::Table)
                    .col(
                        ColumnDef::new(Votes::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Votes::UserId).integer().not_null())
                    .col(ColumnDef::new(Votes::LinkId).integer().not_null())
                    .col(
                        ColumnDef::new(Votes::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Votes::Table, Votes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Votes::Table, Votes::LinkId)
                            .to(Links::Table, Links::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in [
            (
                "idx_links_posted_by",
                Links::Table.into_iden(),
                vec![Links::PostedById.into_iden()],
            ),
            (
                "idx_votes_link",
                Votes::Table.into_iden(),
                vec![Votes::LinkId.into_iden()],
            ),
            (
                "idx_votes_user_link",
                Votes::Table.into_iden(),
                vec![Votes::UserId.into_iden(), Votes::LinkId.into_iden()],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(table);
            for column in columns {
                index.col(column);
            }
            if name == "idx_votes_user_link" {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Votes::Table.into_iden(),
            Links::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Key,
    WindowStart,
    Attempts,
}

/// The login attempts of each username and client address per minute,
/// counted here so that every instance on one PostgreSQL database shares
/// them (on SQLite the table stays empty: the process counts).
struct CreateLoginAttempts;

impl MigrationName for CreateLoginAttempts {
    fn name(&self) -> &str {
        "m20261130_000001_create_login_attempts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateLoginAttempts {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(ColumnDef::new(LoginAttempts::Key).string().not_null())
                    .col(
                        ColumnDef::new(LoginAttempts::WindowStart)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(LoginAttempts::Attempts).integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(LoginAttempts::Key)
                            .col(LoginAttempts::WindowStart),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_attempts_window")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::WindowStart)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LoginAttempts::Table).to_owned())
            .await
    }
}
