//! A group's objects written as JSON, field by field in the order
//! requested, each object into one shared buffer. Field errors are recorded
//! with their `path` and locations; a null where the schema says non-null
//! makes the enclosing list or object null in turn, up to the nearest
//! nullable position ("Handling Field Errors" in the spec).

use apollo_compiler::ast::Type;
use apollo_compiler::response::{GraphQLError, JsonValue, ResponseDataPathSegment};
use smallvec::SmallVec;

use super::collect::Collected;
use super::execute::{Column, Run};
use super::field_error::FieldError;
use super::object::Placement;
use super::path::Place;

/// The JSON of each object of a group, or `None` for one made null.
#[derive(Default)]
pub(crate) struct Rendered {
    json: Vec<u8>,
    spans: Vec<Option<(usize, usize)>>,
}

impl Rendered {
    pub(crate) fn get(&self, index: usize) -> Option<&[u8]> {
        let (start, end) = (*self.spans.get(index)?)?;
        Some(&self.json[start..end])
    }

    /// The first object's JSON, without copying it when it is all there is.
    pub(crate) fn into_first(mut self) -> Option<Vec<u8>> {
        let (start, end) = (*self.spans.first()?)?;
        if start == 0 && end == self.json.len() {
            return Some(self.json);
        }
        self.json.truncate(end);
        Some(self.json.split_off(start))
    }

    /// Objects of one type among an interface's or union's `len` values,
    /// put back where they stood.
    pub(crate) fn place_part(&mut self, len: usize, part: Rendered, positions: &[u32]) {
        if self.spans.len() < len {
            self.spans.resize(len, None);
        }
        for (index, &position) in positions.iter().enumerate() {
            let Some(json) = part.get(index) else {
                continue;
            };
            let start = self.json.len();
            self.json.extend_from_slice(json);
            if let Some(span) = self.spans.get_mut(position as usize) {
                *span = Some((start, self.json.len()));
            }
        }
    }

    /// `len` objects that could not execute at all.
    pub(crate) fn failed(run: &Run<'_>, len: usize, error: FieldError, place: &Place<'_>) -> Self {
        for index in 0..len {
            run.record(error.clone(), None, place.path(index));
        }
        Rendered {
            json: Vec::new(),
            spans: vec![None; len],
        }
    }
}

/// Where a value being written stands, for its errors.
struct At<'r, 'd> {
    place: &'r Place<'r>,
    object: usize,
    entry: &'r Collected<'d>,
    type_name: &'r str,
}

impl<'d> Run<'d> {
    pub(crate) fn render(
        &self,
        type_name: &str,
        len: usize,
        collected: &[Collected<'d>],
        columns: &[Column],
        place: &Place<'_>,
    ) -> Rendered {
        let keys: Vec<Vec<u8>> = collected
            .iter()
            .enumerate()
            .map(|(k, entry)| {
                let mut key = Vec::with_capacity(entry.key.len() + 4);
                key.push(if k == 0 { b'{' } else { b',' });
                write_string(&mut key, entry.key);
                key.push(b':');
                key
            })
            .collect();
        let mut typename = Vec::with_capacity(type_name.len() + 2);
        write_string(&mut typename, type_name);
        let mut out = Rendered {
            json: Vec::with_capacity(len * (16 + 24 * collected.len())),
            spans: Vec::with_capacity(len),
        };
        let mut cursors = vec![0_usize; columns.len()];
        let mut indices = SmallVec::new();
        for object in 0..len {
            let start = out.json.len();
            let mut nulled = false;
            for (k, (entry, column)) in collected.iter().zip(columns).enumerate() {
                out.json.extend_from_slice(&keys[k]);
                let at = At {
                    place,
                    object,
                    entry,
                    type_name,
                };
                let ty = entry.field().ty();
                let written = match column {
                    Column::Typename => {
                        out.json.extend_from_slice(&typename);
                        true
                    }
                    Column::Introspected(value) => {
                        write_json(&mut out.json, value);
                        true
                    }
                    Column::Failed(error) => {
                        self.field_error(error.clone(), &at, &[]);
                        null(&mut out.json, ty)
                    }
                    Column::Leaves(leaves) => {
                        let errors = &leaves.errors;
                        let cursor = &mut cursors[k];
                        let mut failed = false;
                        while *cursor < errors.len() && errors[*cursor].0 <= object {
                            if errors[*cursor].0 == object {
                                self.field_error(errors[*cursor].1.clone(), &at, &[]);
                                failed = true;
                            }
                            *cursor += 1;
                        }
                        let value = leaves.value(object);
                        if value == b"null" {
                            if !failed && ty.is_non_null() {
                                self.non_null_error(&at, &[]);
                            }
                            null(&mut out.json, ty)
                        } else {
                            out.json.extend_from_slice(value);
                            true
                        }
                    }
                    Column::Children {
                        placements,
                        rendered,
                    } => self.write_placement(
                        &mut out.json,
                        &placements[object],
                        ty,
                        rendered,
                        &at,
                        &mut indices,
                    ),
                };
                nulled |= !written;
            }
            if collected.is_empty() {
                out.json.push(b'{');
            }
            if nulled {
                out.json.truncate(start);
                out.spans.push(None);
            } else {
                out.json.push(b'}');
                out.spans.push(Some((start, out.json.len())));
            }
        }
        out
    }

    /// Writes one parent's value of a field with objects; `false` when it
    /// is null where `ty` forbids it.
    fn write_placement(
        &self,
        out: &mut Vec<u8>,
        placement: &Placement,
        ty: &Type,
        rendered: &[super::render::Rendered],
        at: &At<'_, 'd>,
        indices: &mut SmallVec<[u32; 2]>,
    ) -> bool {
        match placement {
            Placement::Null => {
                if ty.is_non_null() {
                    self.non_null_error(at, indices);
                }
                null(out, ty)
            }
            Placement::Error(error) => {
                self.field_error(error.clone(), at, indices);
                null(out, ty)
            }
            Placement::Item { group, index } => {
                match rendered
                    .get(*group as usize)
                    .and_then(|group| group.get(*index as usize))
                {
                    Some(json) => {
                        out.extend_from_slice(json);
                        true
                    }
                    // Made null below, where its error was recorded.
                    None => null(out, ty),
                }
            }
            Placement::List(items) => {
                if !ty.is_list() {
                    let error = FieldError::internal("a list where the schema has none");
                    self.field_error(error, at, indices);
                    return null(out, ty);
                }
                let start = out.len();
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    indices.push(i as u32);
                    let written =
                        self.write_placement(out, item, ty.item_type(), rendered, at, indices);
                    indices.pop();
                    if !written {
                        out.truncate(start);
                        return null(out, ty);
                    }
                }
                out.push(b']');
                true
            }
        }
    }

    fn non_null_error(&self, at: &At<'_, 'd>, indices: &[u32]) {
        let message = format!(
            "Cannot return null for non-nullable field {}.{}.",
            at.type_name,
            at.entry.field().name
        );
        self.field_error(FieldError::new(message), at, indices);
    }

    fn field_error(&self, error: FieldError, at: &At<'_, 'd>, indices: &[u32]) {
        let mut path = at.place.path(at.object);
        path.push(ResponseDataPathSegment::Field(
            at.entry.field().response_key().clone(),
        ));
        path.extend(
            indices
                .iter()
                .map(|&i| ResponseDataPathSegment::ListIndex(i as usize)),
        );
        self.record(error, at.entry.field().location(), path);
    }

    pub(crate) fn record(
        &self,
        error: FieldError,
        location: Option<apollo_compiler::parser::SourceSpan>,
        path: Vec<ResponseDataPathSegment>,
    ) {
        let mut recorded = GraphQLError::new(error.message, location, &self.document.sources);
        recorded.path = path;
        if let Some(extensions) = error.extensions
            && let JsonValue::Object(map) = JsonValue::from(serde_json::Value::Object(extensions))
        {
            recorded.extensions = map;
        }
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(recorded);
    }
}

/// Writes `null`, or answers `false` where `ty` is non-null.
fn null(out: &mut Vec<u8>, ty: &Type) -> bool {
    if ty.is_non_null() {
        return false;
    }
    out.extend_from_slice(b"null");
    true
}

fn write_string(out: &mut Vec<u8>, text: &str) {
    // Writing a string into a Vec cannot fail.
    serde_json::to_writer(out, text).unwrap_or_default();
}

fn write_json(out: &mut Vec<u8>, value: &JsonValue) {
    serde_json::to_writer(out, value).unwrap_or_default();
}
