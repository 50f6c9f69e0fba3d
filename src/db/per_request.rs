//! How many SQL statements one request ran: a count that lives as long as
//! the request's task runs inside [`counted`], which every statement the
//! task runs adds to (statements outside one, such as a migration's, count
//! nowhere).

use std::cell::Cell;

tokio::task_local! {
    static STATEMENTS: Cell<u32>;
}

/// Runs `work`, and says how many statements it ran.
pub async fn counted<T>(work: impl Future<Output = T>) -> (T, u32) {
    STATEMENTS
        .scope(Cell::new(0), async {
            let output = work.await;
            (output, STATEMENTS.with(Cell::get))
        })
        .await
}

/// One more statement for the request running now, if one is counted.
pub(super) fn count_one() {
    let _ = STATEMENTS.try_with(|count| count.set(count.get().saturating_add(1)));
}
