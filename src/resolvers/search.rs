//! Case-insensitive substring matching that works the same on SQLite and
//! PostgreSQL: `LOWER(column) LIKE '%term%'` with the term's wildcards escaped.

use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, SimpleExpr};

pub fn contains_ignoring_case(column: impl ColumnTrait, term: &str) -> SimpleExpr {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Expr::expr(Func::lower(Expr::col(column.as_column_ref())))
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}
