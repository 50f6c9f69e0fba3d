//! Building the generated connection types (`LinkNodeConnection`,
//! `VoteNodeConnection`) from a window over rows.

use super::relay::{Window, cursor};
use crate::entities::{link, vote};
use crate::schema::{LinkNodeConnection, LinkNodeEdge, PageInfo, VoteNodeConnection, VoteNodeEdge};

/// Page info and the `(cursor, row)` pairs of rows that start at `window.start`.
fn page<T>(window: &Window, rows: Vec<T>) -> (PageInfo, Vec<(String, T)>) {
    let edges: Vec<(String, T)> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| (cursor(window.start + i), row))
        .collect();
    let info = PageInfo {
        has_next_page: window.has_next_page,
        has_previous_page: window.has_previous_page,
        start_cursor: edges.first().map(|(c, _)| c.clone()),
        end_cursor: edges.last().map(|(c, _)| c.clone()),
    };
    (info, edges)
}

pub fn links(window: &Window, rows: Vec<link::Model>) -> LinkNodeConnection {
    let (page_info, edges) = page(window, rows);
    LinkNodeConnection {
        page_info,
        edges: edges
            .into_iter()
            .map(|(cursor, node)| {
                Some(LinkNodeEdge {
                    node: Some(node),
                    cursor,
                })
            })
            .collect(),
    }
}

pub fn votes(window: &Window, rows: Vec<vote::Model>) -> VoteNodeConnection {
    let (page_info, edges) = page(window, rows);
    VoteNodeConnection {
        page_info,
        edges: edges
            .into_iter()
            .map(|(cursor, node)| {
                Some(VoteNodeEdge {
                    node: Some(node),
                    cursor,
                })
            })
            .collect(),
    }
}
