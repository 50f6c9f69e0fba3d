//! How this server runs SQLite, beyond sqlx's defaults: how many rows a
//! connection's worker thread hands over at once, and SQLite's memory
//! statistics switched off for the whole process before its first
//! connection.

use std::ffi::c_int;
use std::sync::Once;

/// Rows a SQLite connection's worker thread hands over before it waits
/// for the request to take them (sqlx's default is 50): a whole level of a
/// nested query passes without the threads waking each other per row,
/// measurably more nested queries a second (see README's Speed section).
pub const ROW_BUFFER: usize = 1024;

/// Switches off SQLite's memory statistics, once per process, before any
/// connection opens. While they are on (SQLite's default), every allocation
/// and free inside SQLite takes one process-wide mutex, which each
/// connection's worker thread and every request thread freeing a row's
/// values contend for. SQLite recommends switching them off
/// (`SQLITE_DEFAULT_MEMSTATUS=0`); this server reads none of them. The
/// benchmark's nested query is much faster without them (see README's Speed
/// section).
pub fn without_memory_statistics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` must run before SQLite initialises and
        // while no other thread uses SQLite. This process opens every SQLite
        // connection through `db::connect`, which calls this first, and the
        // `Once` makes every other caller wait until it has returned; so no
        // connection is open or opening. (Had other code initialised SQLite
        // first, SQLite would refuse with SQLITE_MISUSE and change nothing.)
        let code = unsafe {
            libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0 as c_int)
        };
        if code != libsqlite3_sys::SQLITE_OK {
            tracing::debug!(code, "SQLite's memory statistics stay on");
        }
    });
}
