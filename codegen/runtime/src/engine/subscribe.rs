//! Subscriptions: the root field's resolver starts a stream of values, and
//! each one is executed and rendered as the response to one event, its
//! object-typed children level by level as in a query.

use std::sync::Arc;

use apollo_compiler::executable::OperationType;
use apollo_compiler::response::{GraphQLError, JsonMap};
use futures_util::stream::{self, BoxStream, StreamExt};

use super::answer::{Answer, Request};
use super::arguments::Arguments;
use super::context::{Context, RequestData};
use super::documents::Parsed;
use super::execute::{Run, begin, execute};
use super::object::{FieldCall, Output};
use super::path::Place;
use super::schema::Inner;

/// What a subscription keeps while its events arrive.
struct Subscription {
    engine: Arc<Inner>,
    request: Request,
    ctx: RequestData,
    parsed: Arc<Parsed>,
}

/// Every answer of `request`: one per event for a subscription, the one
/// answer of a query or mutation.
pub(crate) fn subscribe(
    engine: Arc<Inner>,
    request: Request,
    ctx: RequestData,
) -> BoxStream<'static, Answer> {
    let parsed = engine.documents.of(engine.id, &engine.schema, &request);
    let subscription = Arc::new(Subscription {
        engine,
        request,
        ctx,
        parsed,
    });
    stream::once(start(subscription)).flatten().boxed()
}

async fn start(subscription: Arc<Subscription>) -> BoxStream<'static, Answer> {
    let Subscription {
        engine,
        request,
        ctx,
        parsed,
    } = subscription.as_ref();
    let (document, operation, variables) = match begin(engine, parsed, request) {
        Ok(begun) => begun,
        Err(refused) => return stream::once(async { refused }).boxed(),
    };
    if operation.operation_type != OperationType::Subscription {
        let answer = execute(engine, request, ctx, None).await;
        return stream::once(async { answer }).boxed();
    }
    let refuse = |message: String| {
        let error = GraphQLError::new(message, operation.location(), &document.sources);
        stream::once(async { Answer::refused(vec![error]) }).boxed()
    };
    let root_type = &operation.selection_set.ty;
    let (Some(root), Some(definition)) = (
        engine.objects.get(root_type),
        engine.schema.get_object(root_type),
    ) else {
        return refuse(format!("No implementation of the root type `{root_type}`."));
    };
    let run = Run::new(engine, ctx, document, &variables, None, Vec::new());
    let collected = run
        .collector()
        .collect(definition, &[&operation.selection_set]);
    let Some(entry) = collected.first() else {
        return refuse("The subscription selects no field.".to_owned());
    };
    let field = entry.field();
    let Some(&index) = root.fields.get(field.name.as_str()) else {
        return refuse(format!("Nothing resolves `{root_type}.{}`.", field.name));
    };
    let arguments = Arguments::coerce(
        &engine.schema,
        &field.definition.arguments,
        &field.arguments,
        &variables,
    );
    let parents = root.object.root();
    let field_ctx = Context::new(ctx, run.collector(), &entry.fields, false);
    let call = FieldCall {
        ctx: &field_ctx,
        parents: &parents,
        name: field.name.as_str(),
        field: index,
        arguments: &arguments,
    };
    let events = match root.object.subscribe(call).await {
        Ok(events) => events,
        Err(error) => return refuse(error.message),
    };
    // What borrowed the variables goes before they move into the stream.
    drop((collected, run));
    let variables = Arc::new(variables.into_inner());
    events
        .then(move |output| event(subscription.clone(), variables.clone(), output))
        .boxed()
}

/// The answer to one event.
async fn event(subscription: Arc<Subscription>, variables: Arc<JsonMap>, output: Output) -> Answer {
    let Subscription {
        engine,
        request,
        ctx,
        parsed,
    } = subscription.as_ref();
    let Ok(document) = parsed.as_ref() else {
        return Answer::refused(Vec::new());
    };
    let Ok(operation) = document.operations.get(request.operation_name.as_deref()) else {
        return Answer::refused(Vec::new());
    };
    let root_type = &operation.selection_set.ty;
    let Some(definition) = engine.schema.get_object(root_type) else {
        return Answer::refused(Vec::new());
    };
    let mut run = Run::new(engine, ctx, document, &variables, None, Vec::new());
    run.in_event = true;
    let collected = run
        .collector()
        .collect(definition, &[&operation.selection_set]);
    let place = Place::root();
    let entry = &collected[..1];
    let column = run
        .output_column(output, root_type, 1, &entry[0], &place)
        .await;
    let rendered = run.render(root_type, 1, entry, &[column], &place);
    run.answer(rendered)
}
