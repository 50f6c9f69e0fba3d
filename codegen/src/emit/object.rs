//! Object types: the Rust value that stands for them (a generated struct, a
//! unit struct for roots, or the bound struct), the resolver trait for the
//! fields that do not resolve by themselves, and the `engine::Object`
//! implementation that answers each field for every parent of a level:
//! columns at once, batch methods with every parent, other methods once per
//! parent. Subscription roots start streams.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{
    context_type, deprecated_attr, docs, ident, named_type, placement_closure, value_type,
};
use crate::ir::{Backing, Field, Object, Resolution, Schema, TypeDef, TypeKind};

pub fn trait_name(def: &TypeDef) -> proc_macro2::Ident {
    match &def.kind {
        TypeKind::Object(object) => super::rust::ident(&object.trait_name),
        _ => format_ident!("{}Resolvers", def.rust_name.trim_start_matches("r#")),
    }
}

pub fn has_methods(object: &Object) -> bool {
    object.fields.iter().any(is_method)
}

pub fn is_method(field: &Field) -> bool {
    matches!(field.resolution, Resolution::Method { .. })
}

/// Whether the field's method takes every parent of a level at once.
pub fn is_batch(field: &Field) -> bool {
    matches!(field.resolution, Resolution::Method { batch: true, .. })
}

/// The generated struct, or the unit struct of a root (conversions are in
/// [`object_values`]).
pub fn definition(schema: &Schema, def: &TypeDef, object: &Object) -> TokenStream {
    let name = ident(&def.rust_name);
    let doc = docs(def.description.as_deref());
    match object.backing {
        Backing::Bound { .. } => TokenStream::new(),
        Backing::Root => quote! {
            #doc
            #[derive(Debug, Clone, Copy, Default)]
            pub struct #name;
        },
        Backing::Generated => {
            let fields = object
                .fields
                .iter()
                .filter(|f| f.resolution == Resolution::StructField)
                .map(|f| {
                    let field = ident(&f.rust_name);
                    let ty = value_type(schema, &f.ty, f.boxed);
                    let doc = docs(f.description.as_deref());
                    let deprecated = deprecated_attr(f.deprecated.as_ref());
                    quote!(#doc #deprecated pub #field: #ty)
                });
            quote! {
                #doc
                #[derive(Debug, Clone)]
                pub struct #name { #(#fields),* }
            }
        }
    }
}

/// `columns`: for each object type bound to a struct, the struct field
/// (column) that each of its fields reads by itself, by GraphQL field name.
/// A resolver that looks ahead at a selection of the type reads only the
/// columns it shows (see `engine::LookAhead::columns`). None without bound
/// types.
pub fn columns_module(schema: &Schema) -> TokenStream {
    let consts: Vec<TokenStream> = schema
        .objects()
        .filter_map(|(def, object)| {
            let Backing::Bound { path } = &object.backing else {
                return None;
            };
            let name = ident(&def.rust_name);
            let pairs = object.fields.iter().filter_map(|f| match &f.resolution {
                Resolution::Column { column } => {
                    let field = &f.name;
                    let column = column.trim_start_matches("r#");
                    Some(quote!((#field, #column)))
                }
                _ => None,
            });
            let doc = format!(
                " The fields of `{}` that a column of `{path}` holds: (field, column).",
                def.name
            );
            Some(quote! {
                #[doc = #doc]
                pub const #name: &[(&str, &str)] = &[#(#pairs),*];
            })
        })
        .collect();
    if consts.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The columns of bound object types: which struct field each field
        /// that resolves by itself reads, for resolvers that read only the
        /// columns a selection asks for.
        #[allow(non_upper_case_globals)]
        pub mod columns {
            #(#consts)*
        }
    }
}

/// The resolver trait, if any field needs a method.
pub fn resolver_trait(schema: &Schema, def: &TypeDef, object: &Object) -> TokenStream {
    if !has_methods(object) {
        return TokenStream::new();
    }
    let trait_ident = trait_name(def);
    let graphql = &def.name;
    let heading = format!(" The fields of `{graphql}` that do not resolve by themselves.");
    let context = context_type(schema);
    let methods = object.fields.iter().filter(|f| is_method(f)).map(|f| {
        let method = ident(&f.rust_name);
        let mut doc = docs(f.description.as_deref());
        let signature = format!(" `{}`", field_signature(graphql, f));
        let spacer = f.description.as_ref().map(|_| quote!(#[doc = ""]));
        doc.extend(quote!(#spacer #[doc = #signature]));
        if let Resolution::Method { why: Some(why), .. } = &f.resolution {
            let why = format!(" A method because {}", lowercase_first(why));
            doc.extend(quote!(#[doc = ""] #[doc = #why]));
        }
        if is_batch(f) {
            let batch = " It answers for every parent of a level at once: one value per parent, in order.";
            doc.extend(quote!(#[doc = ""] #[doc = #batch]));
        }
        let deprecated = deprecated_attr(f.deprecated.as_ref());
        let MethodSignature { params, output } = method_signature(schema, def, object, f);
        quote! {
            #doc
            #deprecated
            fn #method(&self, ctx: &#context, #params)
                -> impl ::std::future::Future<Output = ResolverResult<#output>> + ::std::marker::Send;
        }
    });
    let structs = object
        .fields
        .iter()
        .filter(|f| is_method(f))
        .map(|f| arguments_struct(schema, graphql, f));
    quote! {
        #(#structs)*
        #[doc = #heading]
        pub trait #trait_ident: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#methods)*
        }
    }
}

/// The struct of a method's arguments, if it has that many.
fn arguments_struct(schema: &Schema, owner: &str, f: &Field) -> TokenStream {
    let Some(name) = &f.args_struct else {
        return TokenStream::new();
    };
    let name = ident(name);
    let heading = format!(" The arguments of `{owner}.{}`.", f.name);
    let fields = f.args.iter().map(|a| {
        let field = ident(&a.rust_name);
        let ty = value_type(schema, &a.ty, false);
        let mut doc = docs(a.description.as_deref());
        let signature = match &a.default {
            Some(default) => format!(" `{}: {} = {default}`", a.name, a.ty),
            None => format!(" `{}: {}`", a.name, a.ty),
        };
        let spacer = a.description.as_ref().map(|_| quote!(#[doc = ""]));
        doc.extend(quote!(#spacer #[doc = #signature]));
        let deprecated = deprecated_attr(a.deprecated.as_ref());
        quote!(#doc #deprecated pub #field: #ty)
    });
    quote! {
        #[doc = #heading]
        #[derive(Debug, Clone)]
        pub struct #name { #(#fields),* }
    }
}

/// A resolver method's parameters after `ctx` (the parent, then the
/// arguments) and the value it yields inside `ResolverResult`: a stream of
/// results for a subscription field.
pub struct MethodSignature {
    pub params: TokenStream,
    pub output: TokenStream,
}

pub fn method_signature(
    schema: &Schema,
    def: &TypeDef,
    object: &Object,
    f: &Field,
) -> MethodSignature {
    let batch = is_batch(f);
    let parent = (object.backing != Backing::Root).then(|| {
        let ty = named_type(schema, &def.name);
        if batch {
            quote!(parents: &[#ty])
        } else {
            quote!(parent: &#ty)
        }
    });
    let args: Vec<TokenStream> = match &f.args_struct {
        Some(name) => {
            let name = ident(name);
            vec![quote!(args: #name)]
        }
        None => f
            .args
            .iter()
            .map(|a| {
                let arg = ident(&a.rust_name);
                let ty = value_type(schema, &a.ty, false);
                quote!(#arg: #ty)
            })
            .collect(),
    };
    let params = parent.into_iter().chain(args);
    let value = value_type(schema, &f.ty, false);
    let output = if schema.subscription.as_deref() == Some(def.name.as_str()) {
        quote!(::weftql_runtime::futures_util::stream::BoxStream<'static, ResolverResult<#value>>)
    } else if batch {
        quote!(::std::vec::Vec<#value>)
    } else {
        value
    };
    MethodSignature {
        params: quote!(#(#params),*),
        output,
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// `name(arg: Type = default): Type` as the schema writes it.
pub fn field_signature(owner: &str, field: &Field) -> String {
    let args: Vec<String> = field
        .args
        .iter()
        .map(|a| match &a.default {
            Some(default) => format!("{}: {} = {default}", a.name, a.ty),
            None => format!("{}: {}", a.name, a.ty),
        })
        .collect();
    let args = if args.is_empty() {
        String::new()
    } else {
        format!("({})", args.join(", "))
    };
    format!("{owner}.{}{args}: {}", field.name, field.ty)
}

/// The name of the struct implementing `engine::Object` for the type:
/// `__` and the GraphQL name, which no GraphQL type can take.
pub fn object_struct(def: &TypeDef) -> proc_macro2::Ident {
    format_ident!("__{}", def.name)
}

/// The struct (holding the resolvers, if the type has methods), one
/// function per field that answers it for every parent of a level, named
/// as the field's method or column is, and the `engine::Object`
/// implementation that calls them by the field's name.
pub fn object_impl(schema: &Schema, def: &TypeDef, object: &Object) -> TokenStream {
    let name = object_struct(def);
    let generic = has_methods(object);
    let (params, args, strukt) = if generic {
        (
            quote!(<R: Resolvers>),
            quote!(<R>),
            quote!(pub struct #name<R>(pub(super) ::std::sync::Arc<R>);),
        )
    } else {
        (quote!(), quote!(), quote!(pub struct #name;))
    };
    let names = object.fields.iter().map(|f| &f.name);
    let backing = named_type(schema, &def.name);
    let subscription = schema.subscription.as_deref() == Some(def.name.as_str());
    let root = (object.backing == Backing::Root).then(|| {
        quote! {
            fn root(&self) -> ::weftql_runtime::engine::Values {
                ::weftql_runtime::engine::Values::new(::std::vec![#backing])
            }
        }
    });
    let doc = format!(" How the engine resolves each field of `{}`.", def.name);
    let functions = object
        .fields
        .iter()
        .map(|f| field_function(schema, def, object, f, &backing, subscription));
    let (resolve, subscribe) = if subscription {
        (
            quote! {
                fn resolve<'a>(
                    &'a self,
                    call: ::weftql_runtime::engine::FieldCall<'a>,
                ) -> ::weftql_runtime::engine::Resolved<'a> {
                    support::failed(
                        call.parents.len(),
                        ::weftql_runtime::engine::FieldError::new("Subscribe to it instead."),
                    )
                }
            },
            Some(subscribe_fn(object)),
        )
    } else {
        (resolve_fn(object, &backing), None)
    };
    quote! {
        #[doc = #doc]
        #strukt

        impl #params #name #args {
            #(#functions)*
        }

        impl #params ::weftql_runtime::engine::Object for #name #args {
            fn fields(&self) -> ::std::vec::Vec<::std::string::String> {
                [#(#names),*].map(::std::string::String::from).into()
            }

            #resolve
            #root
            #subscribe
        }
    }
}

/// `resolve`: the parents read as the type's values, then the field's
/// function called by the field's name.
fn resolve_fn(object: &Object, backing: &TokenStream) -> TokenStream {
    let arms = object.fields.iter().map(|f| {
        let name = &f.name;
        let function = ident(&f.rust_name);
        if is_method(f) {
            quote!(#name => Self::#function(self, call, parents),)
        } else {
            quote!(#name => Self::#function(parents),)
        }
    });
    quote! {
        fn resolve<'a>(
            &'a self,
            call: ::weftql_runtime::engine::FieldCall<'a>,
        ) -> ::weftql_runtime::engine::Resolved<'a> {
            let parents = match call.parents.get::<#backing>() {
                ::std::result::Result::Ok(parents) => parents,
                ::std::result::Result::Err(error) => return support::failed(call.parents.len(), error),
            };
            match call.name {
                #(#arms)*
                other => support::unknown_field(parents.len(), other),
            }
        }
    }
}

/// The function answering one field for every parent: a column read at
/// once, a method called with every parent (batch) or once per parent, or
/// for a subscription field, the method's stream started.
fn field_function(
    schema: &Schema,
    def: &TypeDef,
    object: &Object,
    f: &Field,
    backing: &TokenStream,
    subscription: bool,
) -> TokenStream {
    let function = ident(&f.rust_name);
    let how = match &f.resolution {
        Resolution::Method { batch: true, .. } => "calls its method with every parent at once",
        Resolution::Method { .. } if subscription => "starts its method's stream",
        Resolution::Method { .. } if object.backing == Backing::Root => "calls its method",
        Resolution::Method { .. } => "calls its method once per parent",
        Resolution::Column { .. } | Resolution::StructField => "reads it from each parent",
    };
    let doc = format!(" `{}`: {how}.", field_signature(&def.name, f));
    if subscription {
        let body = subscription_body(schema, def, object, f);
        return quote! {
            #[doc = #doc]
            fn #function<'a>(
                &'a self,
                call: ::weftql_runtime::engine::FieldCall<'a>,
            ) -> ::weftql_runtime::futures_util::future::BoxFuture<
                'a,
                ::std::result::Result<::weftql_runtime::engine::Events, ::weftql_runtime::engine::FieldError>,
            > {
                #body
            }
        };
    }
    if is_method(f) {
        let body = method_body(schema, def, object, f);
        return quote! {
            #[doc = #doc]
            fn #function<'a>(
                &'a self,
                call: ::weftql_runtime::engine::FieldCall<'a>,
                parents: &'a [#backing],
            ) -> ::weftql_runtime::engine::Resolved<'a> {
                #body
            }
        };
    }
    let body = column_body(schema, f);
    quote! {
        #[doc = #doc]
        fn #function<'a>(parents: &[#backing]) -> ::weftql_runtime::engine::Resolved<'a> {
            #body
        }
    }
}

/// What answers a field that resolves by itself, for every parent.
fn column_body(schema: &Schema, f: &Field) -> TokenStream {
    let member = match &f.resolution {
        Resolution::Column { column } => ident(column),
        _ => ident(&f.rust_name),
    };
    let base = f.ty.base();
    if is_composite(schema, base) {
        let placement = placement_closure(schema, &f.ty, f.boxed);
        quote!(support::cloned(parents, #base, |parent| &parent.#member, #placement))
    } else if base == "ID" {
        quote!(support::id_leaves(parents, |parent| &parent.#member))
    } else {
        quote!(support::leaves(parents, |parent| &parent.#member))
    }
}

/// Whether values of the named type are objects (of an object type,
/// interface or union).
fn is_composite(schema: &Schema, name: &str) -> bool {
    schema.get(name).is_some_and(|def| {
        matches!(
            def.kind,
            TypeKind::Object(_) | TypeKind::Interface(_) | TypeKind::Union(_)
        )
    })
}

/// The trait method's call: `parent` (or `parents`) and the arguments read
/// in place, rather than into locals an argument's name could shadow.
fn call(
    schema: &Schema,
    def: &TypeDef,
    object: &Object,
    f: &Field,
    parent: TokenStream,
) -> TokenStream {
    let trait_ident = trait_name(def);
    let method = ident(&f.rust_name);
    let parent = (object.backing != Backing::Root).then_some(quote!(#parent,));
    let read = |a: &crate::ir::InputValue| {
        let key = &a.name;
        if super::rust::is_custom_scalar(schema, &a.ty) {
            quote!(support::scalar_arg(call.arguments, #key)?)
        } else {
            quote!(support::arg(call.arguments, #key)?)
        }
    };
    let args = match &f.args_struct {
        Some(name) => {
            let name = ident(name);
            let fields = f.args.iter().map(|a| {
                let field = ident(&a.rust_name);
                let value = read(a);
                quote!(#field: #value)
            });
            vec![quote!(#name { #(#fields),* })]
        }
        None => f.args.iter().map(read).collect(),
    };
    quote! {
        <R as #trait_ident>::#method(&self.0, call.ctx, #parent #(#args),*)
    }
}

fn method_body(schema: &Schema, def: &TypeDef, object: &Object, f: &Field) -> TokenStream {
    let base = f.ty.base();
    let composite = is_composite(schema, base);
    if is_batch(f) {
        let call = call(schema, def, object, f, quote!(parents));
        let placement = placement_closure(schema, &f.ty, false);
        let coordinate = format!("{}.{}", def.name, f.name);
        return quote! {
            ::weftql_runtime::engine::Resolved::later(async move {
                let result = async { #call.await.map_err(support::error) }.await;
                support::batch(#coordinate, #base, parents.len(), result, #placement)
            })
        };
    }
    let call = call(schema, def, object, f, quote!(parent));
    let answer = if composite {
        let placement = placement_closure(schema, &f.ty, false);
        quote!(support::object_results(#base, results, #placement))
    } else {
        quote!(support::leaf_results(results))
    };
    // A root's method takes no parent.
    let parent = if object.backing == Backing::Root {
        quote!(_)
    } else {
        quote!(parent)
    };
    quote! {
        ::weftql_runtime::engine::Resolved::later(async move {
            let results = support::each(parents, |#parent| async move {
                #call.await.map_err(support::error)
            })
            .await;
            #answer
        })
    }
}

/// `subscribe` of a subscription root: the field's function, called by
/// the field's name, starts its method's stream.
fn subscribe_fn(object: &Object) -> TokenStream {
    let arms = object.fields.iter().map(|f| {
        let name = &f.name;
        let function = ident(&f.rust_name);
        quote!(#name => Self::#function(self, call),)
    });
    quote! {
        fn subscribe<'a>(
            &'a self,
            call: ::weftql_runtime::engine::FieldCall<'a>,
        ) -> ::weftql_runtime::futures_util::future::BoxFuture<
            'a,
            ::std::result::Result<::weftql_runtime::engine::Events, ::weftql_runtime::engine::FieldError>,
        > {
            match call.name {
                #(#arms)*
                other => {
                    let error = support::unknown_field_error(other);
                    ::std::boxed::Box::pin(async move { ::std::result::Result::Err(error) })
                }
            }
        }
    }
}

/// A subscription field's function body: the method's stream, its events
/// answered as leaves or objects.
fn subscription_body(schema: &Schema, def: &TypeDef, object: &Object, f: &Field) -> TokenStream {
    let call = call(schema, def, object, f, quote!(parent));
    let base = f.ty.base();
    let events = if is_composite(schema, base) {
        let placement = placement_closure(schema, &f.ty, false);
        quote!(support::object_events(#base, stream, #placement))
    } else {
        quote!(support::leaf_events(stream))
    };
    quote! {
        ::std::boxed::Box::pin(async move {
            let stream = #call.await.map_err(support::error)?;
            ::std::result::Result::Ok(#events)
        })
    }
}
