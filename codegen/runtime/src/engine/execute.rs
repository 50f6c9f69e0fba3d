//! ExecuteRequest, level by level: the operation's document comes from the
//! cache, its variables are coerced, introspection is answered from the
//! contract, and then each group of objects (the values of one type at one
//! place in the response) has every requested field resolved for all its
//! members in one call, its object-typed children executed as groups of
//! their own, and is rendered (see `render`). Fields of a query run
//! concurrently, the root fields of a mutation one after another.

use std::borrow::Cow;
use std::panic::AssertUnwindSafe;
use std::sync::Mutex;

use apollo_compiler::executable::{Operation, OperationType};
use apollo_compiler::request::coerce_variable_values;
use apollo_compiler::response::{GraphQLError, JsonMap, JsonValue};
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Node};
use futures_util::FutureExt;
use futures_util::future::{BoxFuture, join_all};
use opentelemetry::context::FutureExt as _;
use opentelemetry_sdk::trace::SdkTracer;
use smallvec::{SmallVec, smallvec};

use super::answer::{Answer, Request};
use super::arguments::Arguments;
use super::collect::{Collected, Collector, Sets};
use super::context::{Context, RequestData};
use super::documents::Parsed;
use super::field_error::FieldError;
use super::introspection;
use super::object::{Children, FieldCall, Leaves, Output, Placement, Resolved, Values};
use super::path::{Lineage, Place};
use super::render::Rendered;
use super::schema::{Implementation, Inner};
use crate::traces::FieldSpan;

pub(crate) async fn execute(
    engine: &Inner,
    request: &Request,
    ctx: &RequestData,
    tracer: Option<&SdkTracer>,
) -> Answer {
    let parsed = engine.documents.of(engine.id, &engine.schema, request);
    let (document, operation, variables) = match begin(engine, &parsed, request) {
        Ok(begun) => begun,
        Err(refused) => return refused,
    };
    if operation.operation_type == OperationType::Subscription {
        return Answer::refused(vec![GraphQLError::new(
            "A subscription is served over graphql-ws or server-sent events.",
            operation.location(),
            &document.sources,
        )]);
    }
    let (introspected, errors) =
        match introspection::answer(engine, document, operation, &variables) {
            Ok(Some((data, errors))) => (Some(data), errors),
            Ok(None) => (None, Vec::new()),
            Err(errors) => return Answer::refused(errors),
        };
    let root_type = &operation.selection_set.ty;
    let Some(root) = engine.objects.get(root_type) else {
        return Answer::refused(vec![GraphQLError::new(
            format!("No implementation of the root type `{root_type}`."),
            None,
            &document.sources,
        )]);
    };
    let mut run = Run::new(engine, ctx, document, &variables, introspected, errors);
    run.tracer = tracer;
    let place = Place::root();
    let serial = operation.operation_type == OperationType::Mutation;
    let rendered = run
        .execute_group(
            root_type,
            root.object.root(),
            smallvec![&operation.selection_set],
            &place,
            serial,
        )
        .await;
    run.answer(rendered)
}

/// A request's document, operation and coerced variables.
pub(crate) type Begun<'p> = (
    &'p Valid<ExecutableDocument>,
    &'p Node<Operation>,
    Valid<JsonMap>,
);

/// The request's document, operation and coerced variables, or the answer
/// that refuses it.
pub(crate) fn begin<'p>(
    engine: &Inner,
    parsed: &'p Parsed,
    request: &Request,
) -> Result<Begun<'p>, Answer> {
    let document = parsed
        .as_ref()
        .map_err(|invalid| Answer::refused(invalid.errors.clone()))?;
    let operation = document
        .operations
        .get(request.operation_name.as_deref())
        .map_err(|error| Answer::refused(vec![error.to_graphql_error(&document.sources)]))?;
    if operation.variables.is_empty() && request.variables.is_empty() {
        // Nothing to coerce (most requests): no conversion, no map filled.
        return Ok((document, operation, Valid::assume_valid(JsonMap::new())));
    }
    let given = match JsonValue::from(serde_json::Value::Object(request.variables.clone())) {
        JsonValue::Object(map) => map,
        _ => JsonMap::new(),
    };
    let variables = coerce_variable_values(&engine.schema, operation, &given).map_err(|error| {
        let mut error = error.to_graphql_error(&document.sources);
        reword_variable_error(&mut error, operation);
        Answer::refused(vec![error])
    })?;
    Ok((document, operation, variables))
}

/// What one request's execution shares.
pub(crate) struct Run<'d> {
    engine: &'d Inner,
    ctx: &'d RequestData,
    pub(crate) document: &'d Valid<ExecutableDocument>,
    collector: Collector<'d>,
    variables: &'d JsonMap,
    introspected: Option<JsonMap>,
    pub(crate) errors: Mutex<Vec<GraphQLError>>,
    /// What makes a span per field per level, when the request is traced.
    tracer: Option<&'d SdkTracer>,
    /// Whether this executes a subscription's event ([`Context::in_event`]).
    pub(crate) in_event: bool,
}

/// The objects of one type among a field's children, to execute as a
/// group of the next level.
struct Job {
    /// The group of [`Children`] they are (a part of).
    group: usize,
    /// How many values that whole group has.
    group_len: usize,
    type_name: Cow<'static, str>,
    values: Values,
    /// Where each value's parent stands.
    lineages: Vec<Lineage>,
    /// Where each value stands in its group, when an interface's or
    /// union's group was split by object type.
    positions: Option<Vec<u32>>,
}

/// One field's values for every member of a group, ready to render.
pub(crate) enum Column {
    Typename,
    Introspected(JsonValue),
    Failed(FieldError),
    Leaves(Leaves),
    Children {
        placements: Vec<Placement>,
        rendered: Vec<Rendered>,
    },
}

impl<'d> Run<'d> {
    pub(crate) fn new(
        engine: &'d Inner,
        ctx: &'d RequestData,
        document: &'d Valid<ExecutableDocument>,
        variables: &'d JsonMap,
        introspected: Option<JsonMap>,
        errors: Vec<GraphQLError>,
    ) -> Self {
        Run {
            engine,
            ctx,
            document,
            collector: Collector {
                schema: &engine.schema,
                document,
                variables,
            },
            variables,
            introspected,
            errors: Mutex::new(errors),
            tracer: None,
            in_event: false,
        }
    }

    pub(crate) fn collector(&self) -> &Collector<'d> {
        &self.collector
    }

    /// The answer once the root object is rendered.
    pub(crate) fn answer(self, rendered: Rendered) -> Answer {
        let data = rendered.into_first().unwrap_or_else(|| b"null".to_vec());
        Answer {
            data: Some(data),
            errors: self.errors.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// [`Run::execute_group`], boxed: a group below another one.
    fn group<'a>(
        &'a self,
        type_name: &'a str,
        values: Values,
        sets: Sets<'d>,
        place: &'a Place<'a>,
    ) -> BoxFuture<'a, Rendered> {
        self.execute_group(type_name, values, sets, place, false)
            .boxed()
    }

    /// Executes and renders the objects `values` of `type_name`, standing at
    /// `place`, for the fields `sets` select.
    pub(crate) async fn execute_group(
        &self,
        type_name: &str,
        values: Values,
        sets: Sets<'d>,
        place: &Place<'_>,
        serial: bool,
    ) -> Rendered {
        let Some(object) = self.engine.schema.get_object(type_name) else {
            let error = FieldError::internal(format!("`{type_name}` is not an object type"));
            return Rendered::failed(self, values.len(), error, place);
        };
        let collected = self.collector.collect(object, &sets);
        let implementation = self.engine.objects.get(type_name);
        let column = |entry| self.column(implementation, type_name, &values, entry, place);
        // What the engine answers itself needs no future; the others are
        // resolved together (one after another for a mutation's root) and
        // the columns merged in the order of the selection.
        let pending: SmallVec<[&Collected<'d>; 8]> = collected
            .iter()
            .filter(|entry| !answers_itself(entry, place))
            .collect();
        let resolved = if pending.is_empty() {
            Vec::new()
        } else if serial {
            let mut resolved = Vec::with_capacity(pending.len());
            for entry in pending {
                resolved.push(column(entry).await);
            }
            resolved
        } else {
            join_all(pending.into_iter().map(column)).await
        };
        let mut resolved = resolved.into_iter();
        let columns: Vec<Column> = collected
            .iter()
            .filter_map(|entry| {
                if answers_itself(entry, place) {
                    Some(self.immediate(entry))
                } else {
                    resolved.next()
                }
            })
            .collect();
        self.render(type_name, values.len(), &collected, &columns, place)
    }

    /// The column of a field the engine answers itself (see
    /// [`answers_itself`]): `__typename`, or the root's introspection.
    fn immediate(&self, entry: &Collected<'d>) -> Column {
        if entry.field().name == "__typename" {
            return Column::Typename;
        }
        let value = self
            .introspected
            .as_ref()
            .and_then(|data| data.get(entry.key))
            .cloned()
            .unwrap_or(JsonValue::Null);
        Column::Introspected(value)
    }

    /// The column of a field its type's implementation resolves.
    async fn column(
        &self,
        implementation: Option<&Implementation>,
        type_name: &str,
        parents: &Values,
        entry: &Collected<'d>,
        place: &Place<'_>,
    ) -> Column {
        let field = entry.field();
        let Some((implementation, index)) = implementation.and_then(|implementation| {
            let index = *implementation.fields.get(field.name.as_str())?;
            Some((implementation, index))
        }) else {
            return Column::Failed(FieldError::internal(format!(
                "nothing resolves `{type_name}.{}`",
                field.name
            )));
        };
        let arguments = Arguments::coerce(
            &self.engine.schema,
            &field.definition.arguments,
            &field.arguments,
            self.variables,
        );
        let ctx = Context::new(self.ctx, &self.collector, &entry.fields, self.in_event);
        let call = FieldCall {
            ctx: &ctx,
            parents,
            name: field.name.as_str(),
            field: index,
            arguments: &arguments,
        };
        let Some(tracer) = self.tracer else {
            return match resolve(implementation, call, type_name).await {
                Ok(output) => {
                    self.output_column(output, type_name, parents.len(), entry, place)
                        .await
                }
                Err(failed) => failed,
            };
        };
        let path = place.keys_then(entry.field().response_key());
        let span = FieldSpan::start(tracer, type_name, &field.name, path, parents.len());
        let resolved = resolve(implementation, call, type_name)
            .with_context(span.context())
            .await;
        match resolved {
            Ok(output) => {
                span.end(first_error(&output));
                self.output_column(output, type_name, parents.len(), entry, place)
                    .with_context(span.context())
                    .await
            }
            Err(failed) => {
                span.end(Some("the resolver panicked"));
                failed
            }
        }
    }

    /// A field's column from what its resolver gave for `parents` parents.
    pub(crate) async fn output_column(
        &self,
        output: Output,
        type_name: &str,
        parents: usize,
        entry: &Collected<'d>,
        place: &Place<'_>,
    ) -> Column {
        let miscounted = |given: usize| {
            Column::Failed(FieldError::internal(format!(
                "`{type_name}.{}` gave {given} values for {parents} parents",
                entry.field().name,
            )))
        };
        match output {
            Output::Leaves(leaves) if leaves.ends.len() != parents => miscounted(leaves.ends.len()),
            Output::Leaves(leaves) => Column::Leaves(leaves),
            Output::Children(children) if children.placements.len() != parents => {
                miscounted(children.placements.len())
            }
            Output::Children(children) => self.children(children, entry, place).await,
        }
    }

    /// Executes the next level: each group of children at a place of its
    /// own, an interface's or union's split by object type first.
    async fn children(
        &self,
        children: Children,
        entry: &Collected<'d>,
        place: &Place<'_>,
    ) -> Column {
        let Children { placements, groups } = children;
        let Some(mut lineages) = lineages(&placements, groups.iter().map(|g| g.values.len()))
        else {
            return Column::Failed(FieldError::internal("a placement points past its group"));
        };
        let key = entry.field().response_key();
        let sets = entry.selection_sets();
        let mut jobs = Vec::with_capacity(groups.len());
        for (number, group) in groups.into_iter().enumerate() {
            let group_lineages = std::mem::take(&mut lineages[number]);
            let group_len = group.values.len();
            if self.engine.objects.contains_key(&*group.type_name) {
                jobs.push(Job {
                    group: number,
                    group_len,
                    type_name: group.type_name,
                    values: group.values,
                    lineages: group_lineages,
                    positions: None,
                });
                continue;
            }
            let Some(split) = self.engine.abstracts.get(&*group.type_name) else {
                return Column::Failed(FieldError::internal(format!(
                    "no implementation of `{}`",
                    group.type_name
                )));
            };
            let parts = match split.split(group.values) {
                Ok(parts) => parts,
                Err(error) => return Column::Failed(error),
            };
            for part in parts {
                let part_lineages = part
                    .positions
                    .iter()
                    .map(|&p| group_lineages.get(p as usize).cloned().unwrap_or_default())
                    .collect();
                jobs.push(Job {
                    group: number,
                    group_len,
                    type_name: part.type_name,
                    values: part.values,
                    lineages: part_lineages,
                    positions: Some(part.positions),
                });
            }
        }
        let places: Vec<Place<'_>> = jobs
            .iter_mut()
            .map(|job| Place::below(place, key, std::mem::take(&mut job.lineages)))
            .collect();
        let mut names = Vec::with_capacity(jobs.len());
        let mut inputs = Vec::with_capacity(jobs.len());
        let mut layout = Vec::with_capacity(jobs.len());
        for job in jobs {
            layout.push((job.group, job.group_len, job.positions));
            names.push(job.type_name);
            inputs.push(job.values);
        }
        let pending = inputs
            .into_iter()
            .zip(&names)
            .zip(&places)
            .map(|((values, name), place)| self.group(name, values, sets.clone(), place));
        let done = join_all(pending).await;
        let mut rendered: Vec<Rendered> = Vec::new();
        for ((number, len, positions), part) in layout.into_iter().zip(done) {
            while rendered.len() <= number {
                rendered.push(Rendered::default());
            }
            match positions {
                None => rendered[number] = part,
                Some(positions) => rendered[number].place_part(len, part, &positions),
            }
        }
        Column::Children {
            placements,
            rendered,
        }
    }
}

/// Whether the engine answers the field itself: `__typename`, and the
/// root's `__schema` and `__type`.
fn answers_itself(entry: &Collected<'_>, place: &Place<'_>) -> bool {
    match entry.field().name.as_str() {
        "__typename" => true,
        "__schema" | "__type" => place.is_root(),
        _ => false,
    }
}

/// graphql-js's wording of a variable the request left out.
fn reword_variable_error(
    error: &mut GraphQLError,
    operation: &apollo_compiler::executable::Operation,
) {
    let missing = error
        .message
        .strip_prefix("missing value for non-null variable '")
        .and_then(|rest| rest.strip_suffix('\''));
    let Some(name) = missing else {
        return;
    };
    if let Some(definition) = operation.variables.iter().find(|v| v.name == name) {
        error.message = format!(
            "Variable \"${name}\" of required type \"{}\" was not provided.",
            definition.ty
        );
    }
}

/// What `implementation` resolves `call` to, or the column of a resolver
/// that panicked.
async fn resolve(
    implementation: &Implementation,
    call: FieldCall<'_>,
    type_name: &str,
) -> Result<Output, Column> {
    let resolved =
        std::panic::catch_unwind(AssertUnwindSafe(|| implementation.object.resolve(call)));
    match resolved {
        Ok(Resolved::Ready(output)) => Ok(output),
        Ok(Resolved::Pending(future)) => AssertUnwindSafe(future)
            .catch_unwind()
            .await
            .map_err(|_| panicked(type_name, call.name)),
        Err(_) => Err(panicked(type_name, call.name)),
    }
}

/// The message of the first error among a resolver's values, if any.
fn first_error(output: &Output) -> Option<&str> {
    fn in_placement(placement: &Placement) -> Option<&str> {
        match placement {
            Placement::Error(error) => Some(&error.message),
            Placement::List(items) => items.iter().find_map(in_placement),
            Placement::Null | Placement::Item { .. } => None,
        }
    }
    match output {
        Output::Leaves(leaves) => leaves.errors.first().map(|(_, e)| e.message.as_str()),
        Output::Children(children) => children.placements.iter().find_map(in_placement),
    }
}

fn panicked(type_name: &str, field: &str) -> Column {
    Column::Failed(FieldError::internal(format!(
        "the resolver of `{type_name}.{field}` panicked"
    )))
}

/// Where each child of each group stands: its parent and list indices.
/// `None` if a placement points outside its groups.
fn lineages(
    placements: &[Placement],
    lens: impl Iterator<Item = usize>,
) -> Option<Vec<Vec<Lineage>>> {
    fn walk(
        placement: &Placement,
        parent: u32,
        indices: &mut SmallVec<[u32; 2]>,
        lineages: &mut [Vec<Lineage>],
    ) -> Option<()> {
        match placement {
            Placement::Null | Placement::Error(_) => {}
            Placement::Item { group, index } => {
                let origin = lineages
                    .get_mut(*group as usize)?
                    .get_mut(*index as usize)?;
                origin.parent = parent;
                origin.indices = indices.clone();
            }
            Placement::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    indices.push(i as u32);
                    walk(item, parent, indices, lineages)?;
                    indices.pop();
                }
            }
        }
        Some(())
    }
    let mut lineages: Vec<Vec<Lineage>> = lens.map(|len| vec![Lineage::default(); len]).collect();
    let mut indices = SmallVec::new();
    for (parent, placement) in placements.iter().enumerate() {
        walk(placement, parent as u32, &mut indices, &mut lineages)?;
    }
    Some(lineages)
}
