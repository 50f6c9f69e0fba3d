//! Rows read by position (`entities::by_position`) are the rows sea-orm
//! reads by column name: every model, a join's pair, nulls included.

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

    let users = user::Entity::find().order_by_asc(user::Column::Id);
    let by_name = users.clone().all(&app.db).await.unwrap();
    assert_eq!(
        by_position::all(&app.db, users, Chosen::ALL).await.unwrap(),
        by_name
    );
    assert!(by_name.iter().any(|u| u.last_login.is_some()));
    assert!(by_name.iter().any(|u| u.last_login.is_none()));

    let links = link::Entity::find().order_by_asc(link::Column::Id);
    let by_name = links.clone().all(&app.db).await.unwrap();
    assert_eq!(
        by_position::all(&app.db, links, Chosen::ALL).await.unwrap(),
        by_name
    );
    assert!(by_name.iter().any(|l| l.posted_by_id.is_none()));

    let votes = vote::Entity::find().order_by_asc(vote::Column::Id);
    let by_name = votes.clone().all(&app.db).await.unwrap();
    assert_eq!(by_name.len(), 300);
    assert_eq!(
        by_position::all(&app.db, votes, Chosen::ALL).await.unwrap(),
        by_name
    );

    let pairs = vote::Entity::find()
        .order_by_asc(vote::Column::Id)
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
            let vote = vote::Model::read(row, 0).unwrap();
            let voter = user::Model::read_joined(row, vote::Model::COLUMNS, Chosen::ALL).unwrap();
            (vote, voter)
        })
        .collect();
    assert_eq!(by_position, by_name);
    assert!(by_name.iter().all(|(_, voter)| voter.is_some()));
}

on_both_backends!(read_by_position_as_by_name);
