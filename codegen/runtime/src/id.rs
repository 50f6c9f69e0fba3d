//! [`ID`], the Rust type of GraphQL's `ID`: a string (an integer ID a
//! client sends arrives as its digits).

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};

/// A GraphQL `ID`: opaque text, compared and hashed as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ID(pub String);

impl Deref for ID {
    type Target = String;

    fn deref(&self) -> &String {
        &self.0
    }
}

impl fmt::Display for ID {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for ID {
    fn from(text: String) -> Self {
        ID(text)
    }
}

impl From<&str> for ID {
    fn from(text: &str) -> Self {
        ID(text.to_owned())
    }
}

impl From<ID> for String {
    fn from(id: ID) -> Self {
        id.0
    }
}

macro_rules! from_integer {
    ($($ty:ty),*) => {$(
        impl From<$ty> for ID {
            fn from(n: $ty) -> Self {
                ID(n.to_string())
            }
        }
    )*};
}

from_integer!(i32, i64, u32, u64, usize);

impl PartialEq<&str> for ID {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}
