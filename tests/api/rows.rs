//! Rows read by position (`entities::by_position`) are the rows sea-orm
//! reads by column name: every model, a link with its poster, nulls
//! included.

use hackernews::entities::by_position::{self, ByPosition, Chosen};
use hackernews::entities::{link, user, vote};
use hackernews::seed::{Amounts, seed};
use sea_orm::{ConnectionTrait, EntityTrait, Iterable, QueryOrder, QueryTrait};

use crate::helpers::TestApp;
use crate::on_both_backends;

async fn read_by_position_as_by_name(app: &TestApp) {
    assert_eq!(user::Model::COLUMNS, user::Column::iter().count());
    assert_eq!(link::Model::COLUMNS, link::Column::iter().count());
    assert_eq!(vote::Model::COLUMNS, vote::Column::iter().count());
    seed(&app.db, Amounts::default()).await.unwrap();
    // Nullable columns with and without a value: an anonymous link, and a
    // user who has logged in.
    app.post_link(None, "https://anonymous.example", "no poster")
        .await;
    app.sign_up("logged_in").await;

    let users = same_both_ways::<user::Entity>(app, user::Column::Id).await;
    assert!(users.iter().any(|u| u.last_login.is_some()));
    assert!(users.iter().any(|u| u.last_login.is_none()));
    let links = same_both_ways::<link::Entity>(app, link::Column::Id).await;
    assert!(links.iter().any(|l| l.posted_by_id.is_none()));
    let votes = same_both_ways::<vote::Entity>(app, vote::Column::Id).await;
    assert_eq!(votes.len(), 300);

    // The join the links are read with: their posters, none for the
    // anonymous one.
    let pairs = link::Entity::find()
        .order_by_asc(link::Column::Id)
        .find_also_related(user::Entity);
    let by_name = pairs.clone().all(&app.db).await.unwrap();
    let statement = pairs.build(app.db.get_database_backend());
    let by_position: Vec<_> = app
        .db
        .query_all_raw(statement)
        .await
        .unwrap()
        .iter()
        .map(|row| {
            let link = link::Model::read(row, 0).unwrap();
            let poster = user::Model::read_joined(row, link::Model::COLUMNS, Chosen::ALL).unwrap();
            (link, poster)
        })
        .collect();
    assert_eq!(by_position, by_name);
    assert!(by_name.iter().any(|(_, poster)| poster.is_none()));
    assert!(by_name.iter().any(|(_, poster)| poster.is_some()));
}

/// Every row of `E` in `order`, read by position and by name: the same.
async fn same_both_ways<E>(app: &TestApp, order: E::Column) -> Vec<E::Model>
where
    E: EntityTrait<Model: ByPosition + PartialEq + std::fmt::Debug>,
{
    let rows = E::find().order_by_asc(order);
    let by_name = rows.clone().all(&app.db).await.unwrap();
    let by_position = by_position::all(&app.db, rows, Chosen::ALL).await.unwrap();
    assert_eq!(by_position, by_name);
    by_name
}

on_both_backends!(read_by_position_as_by_name);
