//! Where each object of a level stands in the response, kept cheaply (a
//! parent index and list indices per object) and spelled out as a `path`
//! only when an error needs one.

use apollo_compiler::Name;
use apollo_compiler::response::ResponseDataPathSegment;
use smallvec::SmallVec;

/// The objects of one group: the place of the group that holds them, the
/// field that led to them, and where each one stands.
pub(crate) struct Place<'p> {
    up: Option<(&'p Place<'p>, &'p Name)>,
    lineages: Vec<Lineage>,
}

/// An object's parent (its index in the place above) and its indices in
/// that parent's (possibly nested) list value.
#[derive(Clone, Default)]
pub(crate) struct Lineage {
    pub(crate) parent: u32,
    pub(crate) indices: SmallVec<[u32; 2]>,
}

impl<'p> Place<'p> {
    /// The place of the operation's root value.
    pub(crate) fn root() -> Self {
        Place {
            up: None,
            lineages: vec![Lineage::default()],
        }
    }

    pub(crate) fn below(up: &'p Place<'p>, key: &'p Name, lineages: Vec<Lineage>) -> Self {
        Place {
            up: Some((up, key)),
            lineages,
        }
    }

    pub(crate) fn is_root(&self) -> bool {
        self.up.is_none()
    }

    /// The response keys that lead here, then `key`, dot-separated
    /// (`feed.links.postedBy`): where a level's field stands, for its span.
    pub(crate) fn keys_then(&self, key: &str) -> String {
        let mut keys = Vec::new();
        let mut place = self;
        while let Some((up, name)) = place.up {
            keys.push(name.as_str());
            place = up;
        }
        keys.reverse();
        keys.push(key);
        keys.join(".")
    }

    /// The path of object `index` of this place.
    pub(crate) fn path(&self, index: usize) -> Vec<ResponseDataPathSegment> {
        let mut path = Vec::new();
        self.push_path(index, &mut path);
        path
    }

    fn push_path(&self, index: usize, path: &mut Vec<ResponseDataPathSegment>) {
        let Some((up, key)) = self.up else {
            return;
        };
        let origin = &self.lineages[index];
        up.push_path(origin.parent as usize, path);
        path.push(ResponseDataPathSegment::Field(key.clone()));
        path.extend(
            origin
                .indices
                .iter()
                .map(|&i| ResponseDataPathSegment::ListIndex(i as usize)),
        );
    }
}
